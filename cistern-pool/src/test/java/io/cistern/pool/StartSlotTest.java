package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where {@link SlotTable#pollIdle} starts for a thread: always a slot that exists, and different
 * slots for threads with consecutive ids, which is what keeps two benchmark or worker threads off
 * each other's resource (a shared start slot halved ConnectionCycleBenchmark at 2 threads).
 */
class StartSlotTest {

    @Test
    void theStartIsAlwaysASlotThatExists() {
        for (int n = 1; n <= 1_100; n++) {
            for (long id = 0; id < 3_000; id++) {
                int start = SlotTable.startSlot(id, n);
                assertThat(start).as("thread %d, %d slots", id, n).isBetween(0, n - 1);
            }
            long large = Long.MAX_VALUE - n;
            assertThat(SlotTable.startSlot(large, n)).as("thread %d, %d slots", large, n).isBetween(0, n - 1);
        }
        assertThat(SlotTable.startSlot(7, 100_000)).isEqualTo(7);
        assertThat(SlotTable.startSlot(100_001, 100_000)).isEqualTo(1);
    }

    @Test
    void asManyConsecutiveThreadsAsSlotsStartApartWhenTheSlotsArePowersOfTwo() {
        for (int n = 1; n <= 1_024; n <<= 1) {
            for (long first = 0; first < 200; first++) {
                Set<Integer> starts = new HashSet<>();
                for (long id = first; id < first + n; id++) {
                    starts.add(SlotTable.startSlot(id, n));
                }
                assertThat(starts).as("%d threads from id %d on %d slots", n, first, n).hasSize(n);
            }
        }
    }

    @Test
    void twoConsecutiveThreadsShareAStartOnlyWhenOneMoreSlotWouldBeAPowerOfTwo() {
        for (int n = 2; n <= 1_100; n++) {
            boolean mayShare = Integer.bitCount(n + 1) == 1;
            int shared = 0;
            for (long id = 0; id < 4L * n; id++) {
                if (SlotTable.startSlot(id, n) == SlotTable.startSlot(id + 1, n)) {
                    shared++;
                }
            }
            if (mayShare) {
                // one pair in n + 1: the ids whose low bits are all ones, and the next
                assertThat(shared).as("%d slots", n).isEqualTo(4 * n / (n + 1));
            } else {
                assertThat(shared).as("%d slots", n).isZero();
            }
        }
    }
}
