import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes Avro records through the schema registry as a Java service does: Kafka's producer with
 * Apicurio Registry's AvroKafkaSerializer, which registers the schema under {@code <topic>-value}
 * and frames each value in Confluent's wire format (magic byte, 4-byte id). Run with Java's
 * source launcher: {@code java -cp '<libs>/*' AvroRegistryWriter.java < spec.json}.
 *
 * <p>The spec (JSON on stdin): {@code bootstrapServers}, {@code topic}, {@code registryUrl} (the
 * registry's own API, {@code .../apis/registry/v2}), {@code schema} (Avro, as JSON text) and
 * {@code records}: {@code [{"partition":0,"key":"k0","value":{...Avro JSON encoding...}}]}.
 * Prints one JSON line per record as the broker acknowledged it; exits 1 with the reason on stderr.
 */
public class AvroRegistryWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) {
    try {
      write(JSON.readTree(System.in));
    } catch (Exception error) {
      Throwable cause = error instanceof ExecutionException ? error.getCause() : error;
      System.err.println("AvroRegistryWriter failed: " + cause);
      System.exit(1);
    }
  }

  private static void write(JsonNode spec) throws Exception {
    String topic = spec.required("topic").asText();
    Schema schema = new Schema.Parser().parse(spec.required("schema").asText());
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(properties(spec))) {
      for (JsonNode record : spec.required("records")) {
        GenericRecord value = reader.read(null, DecoderFactory.get().jsonDecoder(schema, record.required("value").toString()));
        sent.add(producer.send(new ProducerRecord<>(topic, record.required("partition").asInt(), record.path("key").asText(null), value)));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : sent) {
        RecordMetadata metadata = ack.get();
        System.out.println("{\"partition\":" + metadata.partition() + ",\"offset\":" + metadata.offset() + ",\"timestamp\":" + metadata.timestamp() + "}");
      }
    }
  }

  private static Properties properties(JsonNode spec) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.required("bootstrapServers").asText());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "io.apicurio.registry.serde.avro.AvroKafkaSerializer");
    properties.put("apicurio.registry.url", spec.required("registryUrl").asText());
    properties.put("apicurio.registry.auto-register", "true");
    // Confluent's wire format: the id in the value (not in headers), 4 bytes, the id Confluent's API serves.
    properties.put("apicurio.registry.headers.enabled", "false");
    properties.put("apicurio.registry.as-confluent", "true");
    properties.put("apicurio.registry.use-id", "contentId");
    return properties;
  }
}
