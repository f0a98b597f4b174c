package io.tracemate.storage.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class DocumentScratchTest {
  private final DocumentScratch scratch = new DocumentScratch();

  @Test
  void tagTermsAreTheBytesSearchesLookFor() {
    String longValue = "v".repeat(IndexFields.MAX_PLAIN_TAG_CHARS + 1);
    String[][] tags = {
      {"http.route", "/api/v1/orders/{id}"},
      {"", ""},
      {"k", ""},
      {"city", "Zürich"},
      {"emoji", "\uD83D\uDE00"},
      {"lone", "\uD800"},
      {"nul\u0000key", "v"},
      {"value", "with\u0000nul"},
      {"long", longValue},
      {longValue, "x"},
      {"k".repeat(IndexFields.MAX_PLAIN_TAG_CHARS), "v".repeat(IndexFields.MAX_PLAIN_TAG_CHARS)}
    };
    for (String[] tag : tags) {
      assertThat(scratch.tagTerm(tag[0], tag[1]))
          .as("%s=%s", tag[0], tag[1])
          .isEqualTo(IndexFields.tagTerm(tag[0], tag[1]));
    }
  }

  @Test
  void aDocumentsTermsStayValidWhenTheyOutgrowOneBlock() {
    scratch.reset();
    List<BytesRef> terms = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      terms.add(scratch.tagTerm("key-" + i, "value-" + "x".repeat(i % 200)));
    }
    for (int i = 0; i < 500; i++) {
      assertThat(terms.get(i))
          .isEqualTo(IndexFields.tagTerm("key-" + i, "value-" + "x".repeat(i % 200)));
    }
  }
}
