/** The {@code cistern} command line. */
package io.cistern.app;
