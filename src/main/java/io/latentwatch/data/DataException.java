package io.latentwatch.data;

import io.latentwatch.LatentwatchException;

/** A data file that cannot be read as a dataset; the message names the file, row and column. */
public class DataException extends LatentwatchException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
