package microlab.users.user;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Reads only JSON true and false: the lenient default turns "yes" into false without a word. */
@Singleton
class StrictBoolean implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw decoder.createDeserializationException("must be true or false, got " + value, value);
    }
}
