package io.cistern.cache;

/**
 * Least frequently used first, least recently used among equals, in O(1) per operation (the
 * frequency-list scheme of Shah, Mitra and Matani, 2010): one bucket per distinct use count, buckets
 * in ascending count, each holding its nodes in the order they reached that count. A node reaches a
 * count at its latest use, so the oldest node of the lowest bucket is the least recently used of the
 * least frequently used.
 */
final class LfuOrder<K, V> implements EntryOrder<K, V> {

    /** The bucket of the lowest count; {@code null} when empty. */
    private Bucket<K, V> lowest;

    @Override
    public Node<K, V> newNode(K key, Stamped<V> entry) {
        return new CountedNode<>(key, entry);
    }

    @Override
    public boolean reordersOnRead() {
        return true;
    }

    @Override
    public void added(Node<K, V> node) {
        if (lowest == null || lowest.count != 1) {
            lowest = new Bucket<>(1, null, lowest);
        }
        lowest.nodes.append(node);
        counted(node).bucket = lowest;
    }

    @Override
    public void used(Node<K, V> node) {
        CountedNode<K, V> counted = counted(node);
        Bucket<K, V> from = counted.bucket;
        Bucket<K, V> to = from.next;
        if (to == null || to.count != from.count + 1) {
            to = new Bucket<>(from.count + 1, from, to);
        }
        from.nodes.unlink(node);
        to.nodes.append(node);
        counted.bucket = to;
        dropIfEmpty(from);
    }

    @Override
    public void removed(Node<K, V> node) {
        CountedNode<K, V> counted = counted(node);
        counted.bucket.nodes.unlink(node);
        dropIfEmpty(counted.bucket);
        counted.bucket = null;
    }

    @Override
    public Node<K, V> victim() {
        return lowest.nodes.first();
    }

    @Override
    public void clear() {
        lowest = null;
    }

    private void dropIfEmpty(Bucket<K, V> bucket) {
        if (!bucket.nodes.isEmpty()) {
            return;
        }
        if (bucket.previous == null) {
            lowest = bucket.next;
        } else {
            bucket.previous.next = bucket.next;
        }
        if (bucket.next != null) {
            bucket.next.previous = bucket.previous;
        }
    }

    private static <K, V> CountedNode<K, V> counted(Node<K, V> node) {
        return (CountedNode<K, V>) node;
    }

    private static final class CountedNode<K, V> extends Node<K, V> {
        Bucket<K, V> bucket;

        CountedNode(K key, Stamped<V> entry) {
            super(key, entry);
        }
    }

    private static final class Bucket<K, V> {
        final long count;
        final NodeList<K, V> nodes = new NodeList<>();
        Bucket<K, V> previous;
        Bucket<K, V> next;

        /** Links the new bucket between {@code previous} and {@code next}. */
        Bucket(long count, Bucket<K, V> previous, Bucket<K, V> next) {
            this.count = count;
            this.previous = previous;
            this.next = next;
            if (previous != null) {
                previous.next = this;
            }
            if (next != null) {
                next.previous = this;
            }
        }
    }
}
