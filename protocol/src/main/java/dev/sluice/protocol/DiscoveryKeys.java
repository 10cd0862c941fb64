package dev.sluice.protocol;

/** Key layout in discovery, shared by every implementation. */
public final class DiscoveryKeys {
    public static final String INSTANCES = "v1/instances/";
    public static final String MODEL_CARDS = "v1/mdc/";

    private DiscoveryKeys() {}

    public static String instance(String namespace, String component, String endpoint, long instanceId) {
        return INSTANCES + namespace + "/" + component + "/" + endpoint + "/" + Long.toHexString(instanceId);
    }

    public static String modelCard(String namespace, String component, String endpoint, long instanceId) {
        return MODEL_CARDS + namespace + "/" + component + "/" + endpoint + "/" + Long.toHexString(instanceId);
    }

    /** Event-plane subject for KV events of one decode tier. */
    public static String kvEventSubject(String namespace, String component, int thisSeqlen) {
        return "sluice." + namespace + "." + component + ".kv." + thisSeqlen;
    }

    /** Event-plane subject for load reports of one decode tier. */
    public static String loadSubject(String namespace, String component, int thisSeqlen) {
        return "sluice." + namespace + "." + component + ".load." + thisSeqlen;
    }
}
