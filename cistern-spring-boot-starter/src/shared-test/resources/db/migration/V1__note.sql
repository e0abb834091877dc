create table note (id integer primary key, body varchar(200) not null);
