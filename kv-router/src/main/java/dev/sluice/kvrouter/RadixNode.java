package dev.sluice.kvrouter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node of {@link RadixIndex}: one block, keyed under its parent by its local hash, with the set of workers caching
 * it as a bitset over the index's worker slots (slots 0-63 inline, higher ones in {@code highBits}). A worker whose
 * several engine block hashes map to this node (rare) has its references beyond the first counted in
 * {@code extraRefs}, pairs of (slot, count) with slot -1 for a free pair. The first child is inline, since most nodes
 * have one; a child's key is its own {@code localHash}. About 48 bytes with compressed references.
 */
final class RadixNode {
    final RadixNode parent;
    final long localHash;
    private RadixNode firstChild;
    private LongMap<RadixNode> moreChildren;
    private long bits;
    private long[] highBits;
    private int[] extraRefs;

    RadixNode(RadixNode parent, long localHash) {
        this.parent = parent;
        this.localHash = localHash;
    }

    RadixNode child(long key) {
        RadixNode first = firstChild;
        if (first != null && first.localHash == key) {
            return first;
        }
        return moreChildren == null ? null : moreChildren.get(key);
    }

    void addChild(RadixNode child) {
        if (firstChild == null) {
            firstChild = child;
        } else {
            if (moreChildren == null) {
                moreChildren = new LongMap<>(2);
            }
            moreChildren.put(child.localHash, child);
        }
    }

    void removeChild(long key) {
        if (firstChild != null && firstChild.localHash == key) {
            firstChild = null;
            if (moreChildren != null && !moreChildren.isEmpty()) {
                RadixNode promoted = moreChildren.values().iterator().next();
                moreChildren.remove(promoted.localHash);
                firstChild = promoted;
            }
        } else if (moreChildren != null) {
            moreChildren.remove(key);
        }
    }

    boolean hasChildren() {
        return firstChild != null;
    }

    List<RadixNode> children() {
        List<RadixNode> out = new ArrayList<>();
        if (firstChild != null) {
            out.add(firstChild);
        }
        if (moreChildren != null) {
            out.addAll(moreChildren.values());
        }
        return out;
    }

    /** Word {@code k} of the worker bitset (slots 64k to 64k+63). */
    long word(int k) {
        if (k == 0) {
            return bits;
        }
        return highBits != null && k <= highBits.length ? highBits[k - 1] : 0;
    }

    boolean hasWorkers() {
        if (bits != 0) {
            return true;
        }
        if (highBits != null) {
            for (long w : highBits) {
                if (w != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    int workerCount() {
        int n = Long.bitCount(bits);
        if (highBits != null) {
            for (long w : highBits) {
                n += Long.bitCount(w);
            }
        }
        return n;
    }

    boolean has(int slot) {
        return (word(slot >>> 6) & (1L << slot)) != 0;
    }

    /** One more reference of the worker in {@code slot}. */
    void addRef(int slot) {
        if (!has(slot)) {
            setBit(slot, true);
            return;
        }
        int i = extraIndex(slot);
        if (i >= 0) {
            extraRefs[i + 1]++;
            return;
        }
        i = extraIndex(-1);
        if (i < 0) {
            i = extraRefs == null ? 0 : extraRefs.length;
            extraRefs = extraRefs == null ? new int[2] : Arrays.copyOf(extraRefs, i + 2);
        }
        extraRefs[i] = slot;
        extraRefs[i + 1] = 1;
    }

    /** One reference fewer; the worker leaves the node with its last one. */
    void dropRef(int slot) {
        if (!has(slot)) {
            return;
        }
        int i = extraIndex(slot);
        if (i < 0) {
            setBit(slot, false);
        } else if (--extraRefs[i + 1] == 0) {
            extraRefs[i] = -1;
        }
    }

    /** The worker in {@code slot} leaves the node, whatever its references. */
    void removeWorker(int slot) {
        setBit(slot, false);
        int i = extraIndex(slot);
        if (i >= 0) {
            extraRefs[i] = -1;
        }
    }

    private void setBit(int slot, boolean on) {
        int k = slot >>> 6;
        long mask = 1L << slot;
        if (k == 0) {
            bits = on ? bits | mask : bits & ~mask;
            return;
        }
        if (highBits == null || highBits.length < k) {
            if (!on) {
                return;
            }
            highBits = highBits == null ? new long[k] : Arrays.copyOf(highBits, k);
        }
        highBits[k - 1] = on ? highBits[k - 1] | mask : highBits[k - 1] & ~mask;
    }

    private int extraIndex(int slot) {
        if (extraRefs != null) {
            for (int i = 0; i < extraRefs.length; i += 2) {
                if (extraRefs[i] == slot) {
                    return i;
                }
            }
        }
        return -1;
    }
}
