import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records with Kafka's own Java producer, as real services do. Run with Java's source
 * launcher: {@code java -cp '<libs>/*' RecordWriter.java < spec.json}.
 *
 * <p>The spec (JSON on stdin): {@code bootstrapServers}, {@code topic}, {@code properties} (producer
 * settings, e.g. compression.type, transactional.id, linger.ms) and {@code steps}, each one of
 * {@code {"type":"send","partition":0,"key":b64|null,"value":b64|null,"timestamp":ms|null,
 * "headers":[[name,b64|null],...]}}, {@code {"type":"flush"}}, {@code {"type":"begin"}},
 * {@code {"type":"commit"}}, {@code {"type":"abort"}}.
 *
 * <p>Prints one JSON line per record sent, in step order, as the broker acknowledged it:
 * {@code {"partition":0,"offset":12,"timestamp":1700000000000}}. Exits 1 with the reason on stderr
 * if anything fails.
 */
public class RecordWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder BASE64 = Base64.getDecoder();

  public static void main(String[] args) {
    try {
      write(JSON.readTree(System.in));
    } catch (Exception error) {
      Throwable cause = error instanceof ExecutionException ? error.getCause() : error;
      System.err.println("RecordWriter failed: " + cause);
      System.exit(1);
    }
  }

  private static void write(JsonNode spec) throws Exception {
    String topic = spec.required("topic").asText();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties(spec))) {
      if (spec.path("properties").has(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) producer.initTransactions();
      for (JsonNode step : spec.required("steps")) {
        String type = step.required("type").asText();
        switch (type) {
          case "send" -> sent.add(producer.send(record(topic, step)));
          case "flush" -> producer.flush();
          case "begin" -> producer.beginTransaction();
          case "commit" -> producer.commitTransaction();
          case "abort" -> producer.abortTransaction();
          default -> throw new IllegalArgumentException("unknown step type \"" + type + "\"");
        }
      }
      producer.flush();
      for (Future<RecordMetadata> acknowledgement : sent) System.out.println(ack(acknowledgement.get()));
    }
  }

  private static Properties properties(JsonNode spec) {
    Properties properties = new Properties();
    spec.path("properties").properties().forEach(entry -> properties.put(entry.getKey(), entry.getValue().asText()));
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.required("bootstrapServers").asText());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return properties;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, JsonNode step) {
    JsonNode timestamp = step.path("timestamp");
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
        topic,
        step.required("partition").asInt(),
        timestamp.isNumber() ? timestamp.asLong() : null,
        bytes(step.path("key")),
        bytes(step.path("value")));
    for (JsonNode header : step.path("headers")) {
      record.headers().add(new RecordHeader(header.get(0).asText(), bytes(header.get(1))));
    }
    return record;
  }

  /** Base64 text to bytes; JSON null (or a missing field) is Kafka's null. */
  private static byte[] bytes(JsonNode base64) {
    return base64 == null || base64.isNull() || base64.isMissingNode() ? null : BASE64.decode(base64.asText());
  }

  private static String ack(RecordMetadata metadata) {
    ObjectNode line = JSON.createObjectNode();
    line.put("partition", metadata.partition());
    line.put("offset", metadata.offset());
    line.put("timestamp", metadata.timestamp());
    return line.toString();
  }
}
