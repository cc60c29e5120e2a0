package io.latentwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Validates JSON against the schemas in {@code schemas/}, the contract of our records. */
public final class JsonSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private JsonSchemas() {}

    /** Loads {@code schemas/NAME.schema.json} from the project folder. */
    public static JsonSchema load(String name) {
        Path file = Path.of("schemas", name + ".schema.json");
        try (InputStream in = Files.newInputStream(file)) {
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code json} conforms to {@code schema}, listing every violation if not. */
    public static void assertValid(JsonSchema schema, byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            Set<ValidationMessage> errors = schema.validate(node);
            assertThat(errors).as("schema violations of %s", node).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
