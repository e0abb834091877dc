package io.cistern.cache;

/**
 * The order in which an exact policy gives up entries. All methods are called with the cache's lock
 * held; each is O(1).
 */
interface EntryOrder<K, V> {

    static <K, V> EntryOrder<K, V> of(EvictionPolicy policy) {
        switch (policy) {
            case LRU:
                return ListOrder.leastRecentlyUsed();
            case LFU:
                return new LfuOrder<>();
            case FIFO:
                return ListOrder.firstIn();
            default:
                throw new IllegalArgumentException("no exact order for " + policy + "; it is served by Caffeine");
        }
    }

    /** Lets an order keep its own bookkeeping in the node. */
    default Node<K, V> newNode(K key, Stamped<V> entry) {
        return new Node<>(key, entry);
    }

    /** @return whether a read changes the order; if not, the cache reads without its lock */
    boolean reordersOnRead();

    void added(Node<K, V> node);

    /** A read or an overwrite of the node's value. */
    void used(Node<K, V> node);

    void removed(Node<K, V> node);

    /** @return the node to evict next; only called when the cache is not empty */
    Node<K, V> victim();

    void clear();
}
