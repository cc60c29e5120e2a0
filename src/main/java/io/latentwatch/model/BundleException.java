package io.latentwatch.model;

import io.latentwatch.LatentwatchException;

/**
 * A model bundle that cannot be written, or is refused on load; the message names file and part.
 */
public class BundleException extends LatentwatchException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
