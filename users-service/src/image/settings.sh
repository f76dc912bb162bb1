# users-service in its image (the root Dockerfile, --build-arg SERVICE=users-service). Read by sh twice: by
# the training start of the image's AOT cache (bin/lib/image-aot-training.sh) and by the image's entrypoint,
# so the cache is made with the flags the service starts with.
PORT=8081
# the training start gets a throwaway PostgreSQL with this role and database (its localhost defaults); - for none
TRAINING_DATABASE=users
# what the training start is asked, so the classes those answers need are in the cache
TRAINING_PATHS="/health/readiness /users/1 /users /users/0 /nowhere"
# the heap follows the container's memory limit; the image's JAVA_OPTS come after these and win
JAVA_FLAGS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
