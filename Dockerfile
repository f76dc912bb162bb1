# The image of any of the five services, chosen by a build argument; the context is the repository root:
#   docker build --build-arg SERVICE=users-service -t microlab/users-service:0.1.0 .
# SERVICE is the service's module (users-service, orders-service, consumer-service, gateway, forecast); what
# differs between the services (port, JVM flags, what the AOT training asks) is in <module>/src/image/settings.sh.
# Base images and the Maven repository are build arguments too, for a registry mirror or a Maven proxy:
#   --build-arg JDK_IMAGE=... --build-arg RUNTIME_IMAGE=... --build-arg MAVEN_MIRROR_URL=http://host:port/path
# (compose passes the same names from the environment). The mirror serves the wrapper's Maven too.
ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG RUNTIME_IMAGE=ubuntu:noble
# Netty stops using sun.misc.Unsafe from Java 24 on unless allowed, and then frees its direct buffers through
# the garbage collector: twice the CPU a request on large bodies (Jvms.Java.flags in module launcher, as bin/up
# gives them). The gateway loads Netty's epoll library (/app/native, below), which Java 24 on warns about unless
# native access is allowed. The training start and the service both start with these.
ARG NETTY_FLAGS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"

# Every stage but the last two is the same for the five services, so the images share their layers: one
# Maven run makes all five jars, and the dependency layer stays cached until a pom changes.
#
# The context, with every file's mode made the same: JKube sends the files compose sends, but without
# their executable bits and with group-writable folders, and the classic builder's cache compares modes.
# The stages below copy from here, so a JKube build reuses the layers a compose build made, and back.
FROM ${JDK_IMAGE} AS context
WORKDIR /src
COPY . .
RUN find . -type d -exec chmod 755 {} + && find . -type f -exec chmod 644 {} + \
    && chmod 755 mvnw bin/lib/image-aot-training.sh \
    && mkdir /poms && find . -name pom.xml -not -path '*/target/*' -exec cp -p --parents {} /poms/ \;

FROM ${JDK_IMAGE} AS build
ARG MAVEN_MIRROR_URL=""
WORKDIR /src
RUN if [ -n "$MAVEN_MIRROR_URL" ]; then mkdir -p /root/.m2 && printf '%s\n' '<settings><mirrors><mirror>' \
      '<id>build-mirror</id><mirrorOf>*</mirrorOf><url>'"$MAVEN_MIRROR_URL"'</url></mirror></mirrors></settings>' \
      >/root/.m2/settings.xml; fi
COPY --from=context /src/mvnw ./
COPY --from=context /src/.mvn .mvn
COPY --from=context /poms/ ./
COPY --from=context /src/observability/src observability/src
COPY --from=context /src/http-problem/src http-problem/src
COPY --from=context /src/optional-redis/src optional-redis/src
# Packaging before the services' sources are copied downloads every dependency and plugin (the library's
# compile brings the annotation processors), so this layer survives code changes.
RUN MVNW_REPOURL="${MAVEN_MIRROR_URL%/}" ./mvnw -B -q package -DskipTests -DskipDeployChecks -Djkube.skip=true
COPY --from=context /src/users-service/src users-service/src
COPY --from=context /src/orders-service/src orders-service/src
COPY --from=context /src/consumer-service/src consumer-service/src
COPY --from=context /src/gateway/src gateway/src
COPY --from=context /src/forecast/models/src forecast/models/src
COPY --from=context /src/forecast/src forecast/src
RUN MVNW_REPOURL="${MAVEN_MIRROR_URL%/}" ./mvnw -B -q package -DskipTests -DskipDeployChecks -Djkube.skip=true
# The native libraries a service's jar carries (the gateway's: Netty's epoll), unpacked here: Netty loads one from
# java.library.path (settings.sh) before it would copy it out of the jar into /tmp, which the containers mount
# noexec. Each service gets its own folder, empty for those that carry none.
RUN for m in users-service orders-service consumer-service gateway forecast; do \
      mkdir -p /native/$m && cd /native/$m && jar xf /src/$m/target/$m-0.1.0.jar META-INF/native \
      && find META-INF -name '*.so' -exec mv {} . \; && rm -rf META-INF || exit 1; done

# The Java runtime: only the modules the five services use (jdeps --print-module-deps on each jar, plus
# jdk.zipfs, which opens jars as file systems), shared by the five images. Java 25 for the JDK's AOT
# cache; the code stays at the Java 17 language level. Not java.desktop (AWT, 14 MB of the runtime): jdeps
# names it for java.beans, which the services' libraries reach only on paths they never take (Jackson's
# optional @ConstructorProperties support, SnakeYAML's bean properties, PostgreSQL's PGpoint).
FROM ${JDK_IMAGE} AS jre
RUN jlink --add-modules java.base,java.compiler,java.naming,java.rmi,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 --output /jre

# The services' file system, put together on the base (bin/lib/image-rootfs.sh): the runtime, sh, curl for
# the healthchecks (and the walkthroughs' docker exec), the libraries they load, and a numeric user, so
# Kubernetes can verify runAsNonRoot without reading /etc/passwd. The training starts run here too.
# libjvm's symbol table (5 MB; only a crash report's native frames would name their functions with it) is
# stripped here, so the training stage, which starts from this one, and the image run the same runtime.
FROM ${RUNTIME_IMAGE} AS rootfs
COPY --from=jre /jre /opt/java
COPY --from=context /src/bin/lib/image-rootfs.sh /opt/image-rootfs.sh
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl binutils >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && strip --strip-unneeded /opt/java/lib/server/libjvm.so \
    && groupadd --system --gid 10001 microlab \
    && useradd --system --uid 10001 --gid microlab --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin microlab \
    && sh /opt/image-rootfs.sh /rootfs
ARG NETTY_FLAGS
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH NETTY_FLAGS=${NETTY_FLAGS}

# What every service image starts from: that file system alone, in one layer.
FROM scratch AS runtime
COPY --from=rootfs /rootfs/ /
ARG NETTY_FLAGS
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/bin:/bin NETTY_FLAGS=${NETTY_FLAGS}
WORKDIR /app

# The training starts of the AOT caches run in this stage, never in an image: the same Java runtime at the
# same path (a cache belongs to one Java runtime and one jar path) plus a PostgreSQL for the services that
# need a database to start; bin/lib/image-aot-training.sh says how.
FROM rootfs AS training
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    && rm -rf /var/lib/apt/lists/*
COPY --from=context /src/bin/lib/image-aot-training.sh /opt/image-aot-training.sh
WORKDIR /app

# ---- Below: the service's own stages (SERVICE). ----

# The AOT training start of this service, with its settings: the cache belongs to this runtime and jar path.
FROM training AS trained
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'name the service: --build-arg SERVICE=<module>, e.g. SERVICE=users-service' >&2; exit 1; }
COPY --from=context /src/${SERVICE}/src/image/settings.sh /app/settings.sh
COPY --from=build /src/${SERVICE}/target/${SERVICE}-0.1.0.jar /app/app.jar
COPY --from=build /native/${SERVICE}/ /app/native/
RUN sh /opt/image-aot-training.sh /app/settings.sh \
    && . /app/settings.sh && mkdir -p "/state${STATE_DIR:-}"

# named, so JKube, which pulls every FROM it does not know as a stage, knows this one
FROM runtime AS service
ARG SERVICE
# Owned by root and read-only for the service user.
COPY --from=context /src/${SERVICE}/src/image/settings.sh /app/settings.sh
COPY --from=build /src/${SERVICE}/target/${SERVICE}-0.1.0.jar /app/app.jar
COPY --from=build /native/${SERVICE}/ /app/native/
# The JDK's AOT cache from that training start: a start with the same flags finds the classes it needs
# loaded and linked. With flags the cache does not fit (JAVA_OPTS) the JVM says so in the log and
# starts without it.
COPY --from=trained /app/app.aot /app/app.aot
# a service that keeps state (forecast) names its folder, made in the trained stage for the service user
COPY --from=trained --chown=10001:10001 /state/ /
USER 10001:10001
ENV JAVA_OPTS=""
# the service's settings, then its flags; JAVA_OPTS comes last so it can override any flag
ENTRYPOINT ["/bin/sh", "-c", ". /app/settings.sh && exec java $JAVA_FLAGS $NETTY_FLAGS -XX:AOTCache=/app/app.aot $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
