// Licensed under the MIT License.
package io.github.openaipolicies.samples;

/**
 * Where BulkEmbed registers its Ctrl-C handler: the JVM's shutdown hooks, or a test's stand-in.
 */
interface ShutdownHooks {
    /** The JVM's own shutdown hooks. */
    ShutdownHooks JVM = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and waits for the summary
            }
        }
    };

    /**
     * Registers a hook to run when the process is interrupted.
     *
     * @param hook the hook, not started
     */
    void add(Thread hook);

    /**
     * Unregisters a hook once the run is over.
     *
     * @param hook the hook given to {@link #add}
     */
    void remove(Thread hook);
}
