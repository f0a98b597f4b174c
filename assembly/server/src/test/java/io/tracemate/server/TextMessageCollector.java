package io.tracemate.server;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket listener that adds each whole text message (its fragments joined) to a list, as a browser's
 * {@code onmessage} sees Loki's tail. Called by the JDK client one message at a time; the list must be safe to read
 * from the test's thread meanwhile (a {@code CopyOnWriteArrayList}).
 */
final class TextMessageCollector implements WebSocket.Listener {
  private final List<String> messages;
  private final StringBuilder partial = new StringBuilder();

  TextMessageCollector(List<String> messages) {
    this.messages = messages;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }
}
