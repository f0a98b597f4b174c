package io.tracemate.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetLedgerTest {
  @TempDir Path dir;

  @Test
  void theEntryOfTheStoresSequenceSaysWhereEachPartitionContinues() {
    OffsetLedger ledger = new OffsetLedger(dir.resolve("kafka-logs.offsets"));
    assertThat(ledger.read()).isEmpty();
    OffsetLedger.Entry confirmed = new OffsetLedger.Entry(10, Map.of(0, 4L, 2, 7L));
    OffsetLedger.Entry intent = new OffsetLedger.Entry(15, Map.of(0, 6L, 1, 1L, 2, 9L));
    ledger.write(List.of(confirmed, intent));

    List<OffsetLedger.Entry> read = ledger.read();
    assertThat(read).containsExactly(confirmed, intent);
    // The flush of the intent finished: the store is at 15.
    assertThat(OffsetLedger.durableAt(read, 15)).isEqualTo(intent);
    // The crash hit during that flush: the store is still at 10.
    assertThat(OffsetLedger.durableAt(read, 10)).isEqualTo(confirmed);
    assertThat(OffsetLedger.durableAt(read, 3)).isNull();
  }

  @Test
  void aDamagedLedgerStopsTheStartSayingWhatToDo() throws Exception {
    Path file = dir.resolve("kafka-logs.offsets");
    Files.writeString(file, "12 0=x\n");
    assertThatThrownBy(() -> new OffsetLedger(file).read())
        .hasMessageContaining("is damaged")
        .hasMessageContaining("delete it");
  }
}
