package io.cistern.cache;

/** An intrusive doubly linked list of nodes: O(1) append, unlink and move to the end, no allocation. */
final class NodeList<K, V> {

    private Node<K, V> head;
    private Node<K, V> tail;

    Node<K, V> first() {
        return head;
    }

    boolean isEmpty() {
        return head == null;
    }

    void append(Node<K, V> node) {
        node.previous = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    void unlink(Node<K, V> node) {
        if (node.previous == null) {
            head = node.next;
        } else {
            node.previous.next = node.next;
        }
        if (node.next == null) {
            tail = node.previous;
        } else {
            node.next.previous = node.previous;
        }
        node.previous = null;
        node.next = null;
    }

    void moveToEnd(Node<K, V> node) {
        if (node != tail) {
            unlink(node);
            append(node);
        }
    }

    void clear() {
        head = null;
        tail = null;
    }
}
