package io.cistern.pool;

/**
 * What {@link SlotTable#pollIdle} asks about an idle entry it is about to take or has just
 * taken: the table knows slots and states, not validation, lifetimes or eviction. The pool
 * answers in production ({@code ResourcePool}'s callbacks are the only implementation there, so
 * the call site on the hot path stays monomorphic and the JIT inlines it); a model-checking test
 * answers with no pool and no thread behind it.
 *
 * @param <T> the resource type
 */
interface IdleVerdict<T> {
    /**
     * Whether an idle entry must be left alone, not taken: it needs validating and there is no
     * time left to do it by {@code deadline}.
     */
    boolean cannotValidate(PoolEntry<T> e, long now, long deadline);

    /**
     * The verdict on an entry the table has just taken ({@code IN_USE}, the caller's): whether it
     * may be lent. If not, the entry is the verdict's to keep, retire or put back.
     *
     * @param validate whether an entry idle past the bypass window is validated here, by {@code deadline}
     */
    boolean isUsable(PoolEntry<T> e, long now, boolean validate, long deadline);
}
