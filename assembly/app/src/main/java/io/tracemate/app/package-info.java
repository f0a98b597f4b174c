/**
 * The {@code tracemate} command line: {@code server}, {@code demo}, {@code bench} and {@code bench-logs} as picocli
 * subcommands of one binary ({@link io.tracemate.app.Tracemate}), so an operator installs and learns one program.
 *
 * <p>Why it is thin: everything a command does lives in the module that owns it. {@code server} resolves the typed
 * configuration (the YAML file, then the few flags that override its keys, {@code ServerOptions}) and hands it to
 * {@code io.tracemate.server.TracemateServer}; {@code demo} starts the same server on {@code ./demo-data} and
 * drives the demo module's traffic into it; the benches are the bench module's commands as they are. Flags only
 * override keys of the one configuration tree, so a flag never means something a key cannot say.
 *
 * <p>Process concerns stay here and nowhere else: {@code java.util.logging} routed to SLF4J before anything logs,
 * and SIGTERM/SIGINT answered by an orderly stop that exits 0 ({@code ShutdownSignals}; a plain shutdown hook would
 * exit 143, which orchestrators read as a crash). Commands run on the main thread; nothing here is shared between
 * threads but the server handle the signal handler stops.
 *
 * <p>May depend on: everything (it is the top of {@code assembly}). Nothing depends on it.
 */
package io.tracemate.app;
