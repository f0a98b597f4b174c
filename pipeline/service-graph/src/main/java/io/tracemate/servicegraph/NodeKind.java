package io.tracemate.servicegraph;

/** What a topology node stands for. */
public enum NodeKind {
  /** An instrumented service (it sent spans under its own service.name). */
  SERVICE,
  /** A database seen only through its clients' spans ({@code db.system}). */
  DATABASE,
  /** A broker destination seen only through producers or consumers ({@code messaging.system}). */
  MESSAGING,
  /** Any other uninstrumented peer (external API, model server, the {@code user} of entry spans). */
  VIRTUAL
}
