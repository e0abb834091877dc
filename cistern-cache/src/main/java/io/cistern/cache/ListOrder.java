package io.cistern.cache;

/**
 * LRU and FIFO: both evict from the old end of one list and add at the young end; they differ only
 * in whether a use moves the node back to the young end.
 */
final class ListOrder<K, V> implements EntryOrder<K, V> {

    private final NodeList<K, V> oldestFirst = new NodeList<>();
    private final boolean useRenews;

    private ListOrder(boolean useRenews) {
        this.useRenews = useRenews;
    }

    /** Least recently used first. */
    static <K, V> ListOrder<K, V> leastRecentlyUsed() {
        return new ListOrder<>(true);
    }

    /** First inserted first; reads and overwrites keep the position. */
    static <K, V> ListOrder<K, V> firstIn() {
        return new ListOrder<>(false);
    }

    @Override
    public boolean reordersOnRead() {
        return useRenews;
    }

    @Override
    public void added(Node<K, V> node) {
        oldestFirst.append(node);
    }

    @Override
    public void used(Node<K, V> node) {
        if (useRenews) {
            oldestFirst.moveToEnd(node);
        }
    }

    @Override
    public void removed(Node<K, V> node) {
        oldestFirst.unlink(node);
    }

    @Override
    public Node<K, V> victim() {
        return oldestFirst.first();
    }

    @Override
    public void clear() {
        oldestFirst.clear();
    }
}
