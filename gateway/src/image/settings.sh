# The gateway in its image (the root Dockerfile, --build-arg SERVICE=gateway). Read by sh twice: by the
# training start of the image's AOT cache (bin/lib/image-aot-training.sh) and by the image's entrypoint, so
# the cache is made with the flags the service starts with.
PORT=8080
# no database: it starts without its backends too (their routes are then 502s)
TRAINING_DATABASE=-
# what the training start is asked, so the classes those answers need are in the cache
TRAINING_PATHS="/ /health/readiness /users/1 /nowhere"
# the heap follows the container's memory limit; Netty's epoll library from /app/native (the Dockerfile unpacks
# it: the container's /tmp is noexec); the image's JAVA_OPTS come after these and win
JAVA_FLAGS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.library.path=/app/native"
