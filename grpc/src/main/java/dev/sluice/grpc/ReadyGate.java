package dev.sluice.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blocks a call's sending thread while gRPC would only buffer what it sends. {@link #signal()} runs from the call's
 * on-ready and on-cancel handlers; the wait re-checks under the lock the handlers take, so no wake-up is lost.
 */
final class ReadyGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ServerCallStreamObserver<?> call;

    ReadyGate(ServerCallStreamObserver<?> call) {
        this.call = call;
    }

    /** Waits until the call is ready; false if it was cancelled instead. */
    boolean awaitReady() {
        if (call.isReady()) {
            return true;
        }
        lock.lock();
        try {
            while (!call.isReady() && !call.isCancelled()) {
                changed.awaitUninterruptibly();
            }
            return !call.isCancelled();
        } finally {
            lock.unlock();
        }
    }

    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
