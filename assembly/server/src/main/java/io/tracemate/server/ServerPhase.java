package io.tracemate.server;

/** Where the server is in its life; only READY answers /ready with 200. */
public enum ServerPhase {
  STARTING("starting: replaying the write-ahead log"),
  READY("ready"),
  STOPPING("stopping: finishing in-flight requests"),
  STOPPED("stopped");

  private final String description;

  ServerPhase(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
