package io.cistern.cache;

/**
 * An entry of an {@link ExactQueryCache}. The links and the heap index belong to the cache's lock;
 * {@link #entry} is volatile because the FIFO policy reads it without the lock.
 */
class Node<K, V> {

    final K key;
    volatile Stamped<V> entry;

    /** Neighbours in the eviction order's list. */
    Node<K, V> previous;
    Node<K, V> next;

    /** Position in the {@link ExpiryQueue}, or {@link ExpiryQueue#ABSENT}. */
    int expiryIndex = ExpiryQueue.ABSENT;

    Node(K key, Stamped<V> entry) {
        this.key = key;
        this.entry = entry;
    }
}
