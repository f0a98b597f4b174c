package io.tracemate.demo;

/** What a simulated callee answered, and when the answer was back at the caller's side. */
sealed interface Reply {

  long end();

  boolean ok();

  /** An HTTP response. */
  record Http(long end, int status) implements Reply {
    @Override
    public boolean ok() {
      return status < 500;
    }
  }

  /** A gRPC response; {@code code} is the numeric gRPC status (0 OK, 14 UNAVAILABLE). */
  record Rpc(long end, int code) implements Reply {
    static final int OK = 0;
    static final int UNAVAILABLE = 14;

    @Override
    public boolean ok() {
      return code == OK;
    }
  }
}
