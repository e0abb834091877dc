package io.cistern.cache;

import java.util.Arrays;

/**
 * The nodes that have a time to live, earliest deadline first: a binary heap that remembers each
 * node's position in it, so that removing or re-timing any node is O(log n) and finding the expired
 * ones costs nothing while none are due. Used under the cache's lock.
 */
final class ExpiryQueue<K, V> {

    static final int ABSENT = -1;

    @SuppressWarnings("unchecked")
    private Node<K, V>[] heap = new Node[16];
    private int size;

    /** @return the node with the earliest deadline, or {@code null} */
    Node<K, V> earliest() {
        return size == 0 ? null : heap[0];
    }

    /** Adds, re-positions or removes the node according to its current entry. */
    void track(Node<K, V> node) {
        boolean expires = node.entry.expires();
        if (node.expiryIndex == ABSENT) {
            if (expires) {
                add(node);
            }
        } else if (expires) {
            siftUp(node.expiryIndex);
            siftDown(node.expiryIndex);
        } else {
            remove(node);
        }
    }

    void remove(Node<K, V> node) {
        int index = node.expiryIndex;
        if (index == ABSENT) {
            return;
        }
        node.expiryIndex = ABSENT;
        size--;
        if (index == size) {
            heap[size] = null;
            return;
        }
        Node<K, V> last = heap[size];
        heap[size] = null;
        place(last, index);
        siftUp(index);
        siftDown(last.expiryIndex);
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].expiryIndex = ABSENT;
            heap[i] = null;
        }
        size = 0;
    }

    private void add(Node<K, V> node) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        place(node, size);
        size++;
        siftUp(node.expiryIndex);
    }

    private void siftUp(int index) {
        Node<K, V> node = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(node, heap[parent])) {
                break;
            }
            place(heap[parent], index);
            index = parent;
        }
        place(node, index);
    }

    private void siftDown(int index) {
        Node<K, V> node = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], node)) {
                break;
            }
            place(heap[child], index);
            index = child;
        }
        place(node, index);
    }

    private void place(Node<K, V> node, int index) {
        heap[index] = node;
        node.expiryIndex = index;
    }

    private static boolean before(Node<?, ?> a, Node<?, ?> b) {
        return a.entry.deadline() - b.entry.deadline() < 0;
    }
}
