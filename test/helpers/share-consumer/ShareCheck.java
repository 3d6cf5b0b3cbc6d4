import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Is a broker's share group (KIP-932, Kafka's queues) working? Prints the finalized share.version,
 * then consumes one record through a share group with Kafka's own KafkaShareConsumer and
 * acknowledges it. Arguments: bootstrap servers, a new topic, a new share group.
 */
public class ShareCheck {
  public static void main(String[] args) throws Exception {
    String servers = args[0], topic = args[1], group = args[2];
    Properties common = new Properties();
    common.put("bootstrap.servers", servers);
    try (Admin admin = Admin.create(common)) {
      FinalizedVersionRange share = admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("share.version");
      System.out.println("share.version=" + (share == null ? 0 : share.maxVersionLevel()));
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Properties consumerProps = new Properties();
    consumerProps.putAll(common);
    consumerProps.put("group.id", group);
    consumerProps.put("key.deserializer", StringDeserializer.class.getName());
    consumerProps.put("value.deserializer", StringDeserializer.class.getName());
    Properties producerProps = new Properties();
    producerProps.putAll(common);
    producerProps.put("key.serializer", StringSerializer.class.getName());
    producerProps.put("value.serializer", StringSerializer.class.getName());
    try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(consumerProps);
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 45_000;
      // A new share group starts at the latest offset: records are sent while it polls.
      while (System.currentTimeMillis() < deadline) {
        producer.send(new ProducerRecord<>(topic, "key", "queued")).get();
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(2))) {
          System.out.println("received=" + record.value() + " deliveryCount=" + record.deliveryCount().orElse((short) 0));
          consumer.commitSync();
          return;
        }
      }
      throw new IllegalStateException("no record reached the share group " + group + " in 45 s");
    }
  }
}
