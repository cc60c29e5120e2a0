package io.latentwatch.cli;

/**
 * A JVM shutdown hook that lives as long as a command runs: on Ctrl-C or SIGTERM it runs, and when
 * the command ends first, {@link #remove()} removes it, so that commands run in one JVM (as the
 * tests do) leave no hooks behind.
 */
final class ShutdownHook {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    /** Installs {@code action} as a shutdown hook in a thread named {@code name}. */
    static ShutdownHook install(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** Removes the hook, unless it is running already. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already, and the hook is running: that is what it is for.
        }
    }
}
