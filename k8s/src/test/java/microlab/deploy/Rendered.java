package microlab.deploy;

/** kubectl kustomize output of the real files, rendered once per test run; every test parses its own copy. */
final class Rendered {

    private static String base;
    private static String kind;
    private static String traefik;

    private Rendered() {
    }

    static synchronized String base() {
        if (base == null) {
            base = Tool.kustomize(Repository.BASE);
        }
        return base;
    }

    static synchronized String kind() {
        if (kind == null) {
            kind = Tool.kustomize(Repository.KIND);
        }
        return kind;
    }

    static synchronized String traefik() {
        if (traefik == null) {
            traefik = Tool.kustomize(Repository.TRAEFIK);
        }
        return traefik;
    }

    /** A fresh, mutable model of the kind overlay. */
    static Cluster kindCluster() {
        return Cluster.of(kind());
    }

    /** A fresh, mutable model of k8s/traefik, the kind cluster's ingress controller. */
    static Cluster traefikCluster() {
        return Cluster.of(traefik());
    }
}
