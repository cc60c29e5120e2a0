package io.latentwatch.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A named stream of bytes to read a dataset from: a file, or a resource on the classpath. */
public interface Source {

    /** The name used in messages: a path or a resource name. */
    String name();

    /** Opens a new stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    /** A file on disk. */
    static Source of(Path path) {
        return new Source() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }
        };
    }

    /** A resource on the classpath, for the data sets Latentwatch ships. */
    static Source resource(String resource) {
        return new Source() {
            @Override
            public String name() {
                return "classpath:" + resource;
            }

            @Override
            public InputStream open() throws IOException {
                InputStream in = Source.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new IOException("no such resource " + resource);
                }
                return in;
            }
        };
    }
}
