alter table turn add column role text not null default 'user';
