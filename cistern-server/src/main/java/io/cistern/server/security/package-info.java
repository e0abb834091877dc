/**
 * Who may call the server: bearer tokens, kept only as SHA-256 hashes and compared in constant
 * time, each granting read or read-write on named namespaces; the filter that answers 401 and 403.
 * Not user management: tokens are issued by whoever writes the token file.
 */
package io.cistern.server.security;
