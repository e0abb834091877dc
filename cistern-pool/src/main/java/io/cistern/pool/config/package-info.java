/**
 * Support shared by the configuration builders of every Cistern module: today the one message of
 * a rejected setting, {@link io.cistern.pool.config.NotAllowed}.
 *
 * <p>Internal: public because the builders live in other modules, not an API for applications.
 * Not a configuration framework: each module's builder still owns its settings, defaults and
 * rules; only the wording of a rejection is shared. It lives in cistern-pool because that is the
 * lowest module every builder's module depends on.
 */
package io.cistern.pool.config;
