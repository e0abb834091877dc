package io.cistern.memory.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k best hits of a scan in a heap of k: memory stays at k hits whatever the namespace's size.
 * Best means the highest score, and among equal scores the smaller node id, so the result does not
 * depend on the order the database returns rows in.
 */
final class TopK {

    /** Worst first, so that the head is the one a better candidate replaces. */
    private static final Comparator<SemanticHit> WORST_FIRST = Comparator.comparingDouble(SemanticHit::score)
            .thenComparing(SemanticHit::nodeId, Comparator.reverseOrder());

    private final int k;
    private final PriorityQueue<SemanticHit> heap;

    TopK(int k) {
        this.k = k;
        this.heap = new PriorityQueue<>(k + 1, WORST_FIRST);
    }

    /** @return whether a row with this score could enter, before its columns are read */
    boolean admits(float score) {
        return heap.size() < k || score >= heap.peek().score();
    }

    void offer(SemanticHit hit) {
        if (heap.size() < k) {
            heap.add(hit);
        } else if (WORST_FIRST.compare(hit, heap.peek()) > 0) {
            heap.poll();
            heap.add(hit);
        }
    }

    /** @return the hits, best first */
    List<SemanticHit> best() {
        List<SemanticHit> out = new ArrayList<>(heap);
        out.sort(WORST_FIRST.reversed());
        return out;
    }
}
