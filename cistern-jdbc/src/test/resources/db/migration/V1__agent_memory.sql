create table session (
    id text primary key,
    created_at timestamp not null default current_timestamp
);
create table turn (
    session_id text not null references session(id),
    seq integer not null,
    content text not null,
    primary key (session_id, seq)
);
