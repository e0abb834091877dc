package io.cistern.memory.chat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A view's messages, in sequence order, as an immutable list that a save changes in time
 * proportional to the change, not to the length: a few segments of shared, append-only arrays.
 * Appending after the last segment writes in place when no other list has appended to that
 * array since (each list sees only its own segments); dropping messages slices segments. A window
 * that drops its oldest message and appends one therefore copies nothing.
 *
 * <p>Each array is kept twice, as entries and as their bare messages side by side: handing the
 * framework its list and comparing the list it saves with the one it read then touch only the
 * message references (array copies and identity checks), not every entry object of a long view.
 */
final class Entries<M> extends AbstractList<ChatLog.Entry<M>> implements RandomAccess {

    /**
     * An array several lists share; {@code fill} is how far it is written, claimed by compare-and-set.
     * {@code messages[i]} is {@code items[i].message()}.
     */
    private static final class Chunk {
        final Object[] items;
        final Object[] messages;
        final AtomicInteger fill = new AtomicInteger();

        Chunk(int capacity) {
            items = new Object[capacity];
            messages = new Object[capacity];
        }

        /** @return whether this caller may write {@code count} items at {@code at} */
        boolean claim(int at, int count) {
            return at + count <= items.length && fill.compareAndSet(at, at + count);
        }
    }

    private record Segment(Chunk chunk, int from, int to) {
        int size() {
            return to - from;
        }
    }

    private static final Entries<?> EMPTY = new Entries<>(new Segment[0]);

    private final Segment[] segments;
    private final int[] starts;
    private final int size;

    private Entries(Segment[] segments) {
        this.segments = segments;
        this.starts = new int[segments.length];
        int n = 0;
        for (int i = 0; i < segments.length; i++) {
            starts[i] = n;
            n += segments[i].size();
        }
        this.size = n;
    }

    @SuppressWarnings("unchecked")
    static <M> Entries<M> empty() {
        return (Entries<M>) EMPTY;
    }

    static <M> Entries<M> of(List<ChatLog.Entry<M>> list) {
        return Entries.<M>empty().append(list);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ChatLog.Entry<M> get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        int s = Arrays.binarySearch(starts, index);
        if (s < 0) {
            s = -s - 2;
        }
        Segment seg = segments[s];
        return (ChatLog.Entry<M>) seg.chunk.items[seg.from + index - starts[s]];
    }

    /** @return the entries as an array, copied segment by segment */
    Object[] toArrayFast() {
        Object[] out = new Object[size];
        int at = 0;
        for (Segment seg : segments) {
            System.arraycopy(seg.chunk.items, seg.from, out, at, seg.size());
            at += seg.size();
        }
        return out;
    }

    /** @return the messages, in order, in a new array: copied segment by segment */
    Object[] messageArray() {
        Object[] out = new Object[size];
        int at = 0;
        for (Segment seg : segments) {
            System.arraycopy(seg.chunk.messages, seg.from, out, at, seg.size());
            at += seg.size();
        }
        return out;
    }

    /** @return the messages, in a new list the caller may change: two array copies, no pass over the entries */
    List<M> messages() {
        return new ArrayList<>(new AbstractList<M>() {
            @Override
            @SuppressWarnings("unchecked")
            public M get(int index) {
                return Entries.this.get(index).message();
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public Object[] toArray() { // what ArrayList's constructor calls: the copy it then copies once
                return messageArray();
            }
        });
    }

    @Override
    public Object[] toArray() {
        return toArrayFast();
    }

    /** @return this list followed by {@code more} */
    Entries<M> append(List<ChatLog.Entry<M>> more) {
        if (more.isEmpty()) {
            return this;
        }
        int k = more.size();
        if (segments.length > 0) {
            Segment last = segments[segments.length - 1];
            if (last.chunk.claim(last.to, k)) {
                write(last.chunk, last.to, more);
                Segment[] next = segments.clone();
                next[next.length - 1] = new Segment(last.chunk, last.from, last.to + k);
                return new Entries<>(next);
            }
        }
        // Capacity doubles with the length, so a list that keeps growing has few segments.
        Chunk chunk = new Chunk(Math.max(16, Math.max(2 * k, size)));
        chunk.claim(0, k);
        write(chunk, 0, more);
        Segment[] next = Arrays.copyOf(segments, segments.length + 1);
        next[segments.length] = new Segment(chunk, 0, k);
        return new Entries<>(next);
    }

    private static <M> void write(Chunk chunk, int at, List<ChatLog.Entry<M>> more) {
        for (int i = 0; i < more.size(); i++) {
            ChatLog.Entry<M> e = more.get(i);
            chunk.items[at + i] = e;
            chunk.messages[at + i] = e.message();
        }
    }

    /**
     * @param ranges {@code [from, to)} index ranges of this list, ascending, not overlapping
     * @return the entries in them, in order
     */
    Entries<M> keep(List<int[]> ranges) {
        if (ranges.size() == 1 && ranges.get(0)[0] == 0 && ranges.get(0)[1] == size) {
            return this;
        }
        List<Segment> out = new ArrayList<>();
        int s = 0;
        for (int[] r : ranges) {
            int from = r[0];
            int to = r[1];
            while (s < segments.length && starts[s] + segments[s].size() <= from) {
                s++;
            }
            for (int t = s; t < segments.length && starts[t] < to; t++) {
                Segment seg = segments[t];
                int a = Math.max(from, starts[t]) - starts[t] + seg.from;
                int b = Math.min(to, starts[t] + seg.size()) - starts[t] + seg.from;
                if (a < b) {
                    out.add(new Segment(seg.chunk, a, b));
                }
            }
        }
        return new Entries<>(out.toArray(new Segment[0]));
    }

    /** @return this list without the entries of the given sequence numbers */
    Entries<M> without(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return this;
        }
        long[] gone = seqs.stream().mapToLong(Long::longValue).sorted().toArray();
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        for (long seq : gone) {
            int at = indexOf(seq);
            if (at < 0) {
                continue;
            }
            if (at > from) {
                ranges.add(new int[] {from, at});
            }
            from = at + 1;
        }
        if (from < size) {
            ranges.add(new int[] {from, size});
        }
        return keep(ranges);
    }

    /** @return the index of the entry with {@code seq}, or -1: a binary search, entries are in sequence order */
    int indexOf(long seq) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = get(mid).seq();
            if (at == seq) {
                return mid;
            }
            if (at < seq) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }
}
