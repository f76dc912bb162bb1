package microlab.deploy;

/** kubectl kustomize output of the real files, rendered once per test run; every test parses its own copy. */
final class Rendered {

    private static String base;
    private static String kind;

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

    /** A fresh, mutable model of the kind overlay. */
    static Cluster kindCluster() {
        return Cluster.of(kind());
    }
}
