# forecast in its image (the root Dockerfile, --build-arg SERVICE=forecast). Read by sh twice: by the
# training start of the image's AOT cache (bin/lib/image-aot-training.sh) and by the image's entrypoint, so
# the cache is made with the flags and settings the service starts with.
PORT=8084
# the training start gets a throwaway PostgreSQL with this role and database (its localhost defaults); - for none
TRAINING_DATABASE=forecast
# what the training start is asked, so the classes those answers need are in the cache
TRAINING_PATHS="/health/readiness /forecast/symbols /forecast/models /forecast/BTC /forecast/status /forecast/ /nowhere"
# PyTorch allocates outside the Java heap, so the heap takes a smaller share of the container's memory than
# in the other services; the image's JAVA_OPTS come after these and win. DJL never downloads (offline).
JAVA_FLAGS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Doffline=true"
# The state folder, made in the image for the service user, so a fresh named volume mounted there takes
# that owner; compose and Kubernetes mount one (scenario 2).
STATE_DIR=/data
# Defaults the environment may override. DJL unpacks PyTorch's native library under DJL_CACHE_DIR, on /tmp
# so it stays writable with a read-only root filesystem; PyTorch maps it executable, so a tmpfs there must be
# mounted exec (Docker's default is noexec).
export FORECAST_STATE_DIR="${FORECAST_STATE_DIR:-$STATE_DIR}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-/tmp/djl}"
export PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cpu}"
