CREATE INDEX message_conv ON message(conv, id);
INSERT INTO message(conv, body) VALUES (0, 'seeded by V2');
