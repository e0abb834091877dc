package io.cistern.memory.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The segmented view list against a plain list doing the same, and snapshots that share arrays. */
class EntriesTest {

    private static long seq;

    private static ChatLog.Entry<String> entry() {
        long s = ++seq;
        return new ChatLog.Entry<>(s, "t" + s, "m" + s, "\"m" + s + "\"", new ChatTurn(ChatTurn.Role.USER, "m" + s, null, null), null);
    }

    private static List<ChatLog.Entry<String>> fresh(int n) {
        List<ChatLog.Entry<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(entry());
        }
        return out;
    }

    @RepeatedTest(20)
    void randomAppendsAndRemovalsMatchAPlainList(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        Entries<String> entries = Entries.empty();
        List<ChatLog.Entry<String>> model = new ArrayList<>();
        List<Entries<String>> snapshots = new ArrayList<>();
        List<List<ChatLog.Entry<String>>> models = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            if (random.nextInt(3) > 0 || model.isEmpty()) {
                List<ChatLog.Entry<String>> more = fresh(1 + random.nextInt(5));
                entries = entries.append(more);
                model.addAll(more);
            } else {
                List<Long> gone = new ArrayList<>();
                for (int k = random.nextInt(3) + 1; k > 0; k--) {
                    gone.add(model.get(random.nextInt(model.size())).seq());
                }
                entries = entries.without(gone);
                model.removeIf(e -> gone.contains(e.seq()));
            }
            assertThat(entries).containsExactlyElementsOf(model);
            assertThat(entries.toArray()).containsExactly(model.toArray());
            if (!model.isEmpty()) {
                ChatLog.Entry<String> probe = model.get(random.nextInt(model.size()));
                assertThat(entries.indexOf(probe.seq())).isEqualTo(model.indexOf(probe));
            }
            if (step % 25 == 0) {
                snapshots.add(entries);
                models.add(new ArrayList<>(model));
            }
        }
        // Every earlier snapshot still holds what it held, although later lists appended to the same arrays.
        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).containsExactlyElementsOf(models.get(i));
        }
    }

    @Test
    void twoListsAppendingToTheSameParentDoNotSeeEachOther() {
        Entries<String> parent = Entries.of(fresh(3));
        List<ChatLog.Entry<String>> a = fresh(2);
        List<ChatLog.Entry<String>> b = fresh(2);
        Entries<String> withA = parent.append(a);
        Entries<String> withB = parent.append(b);
        assertThat(withA.subList(3, 5)).containsExactlyElementsOf(a);
        assertThat(withB.subList(3, 5)).containsExactlyElementsOf(b);
        assertThat(parent).hasSize(3);
    }

    @Test
    void aWindowThatDropsTheOldestAndAppendsAThousandTimesStaysContiguous() {
        Entries<String> window = Entries.of(fresh(20));
        for (int i = 0; i < 1_000; i++) {
            window = window.without(List.of(window.get(0).seq())).append(fresh(1));
        }
        assertThat(window).hasSize(20);
        assertThat(window.get(19).seq()).isEqualTo(window.get(0).seq() + 19);
    }
}
