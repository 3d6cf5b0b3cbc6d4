import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.*;

/**
 * Drives Kafka's own KafkaShareConsumer through one round of the share-group protocol, for the
 * recorded-bytes fixtures of local/poller/share-group: join (ShareGroupHeartbeat), fetch
 * (ShareFetch), acknowledge one record each way (ShareAcknowledge on commitSync), describe the group
 * (ShareGroupDescribe), leave. Args: bootstrap servers (the recording proxy), topic, group.
 */
public class ShareRecorder {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0], topic = args[1], group = args[2];
    Properties common = new Properties();
    common.put("bootstrap.servers", bootstrap);
    common.put("client.id", "share-recorder");
    try (Admin admin = Admin.create(common)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      ConfigResource groupResource = new ConfigResource(ConfigResource.Type.GROUP, group);
      admin.incrementalAlterConfigs(Map.of(groupResource, List.of(
          new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
      Properties producerProps = new Properties();
      producerProps.putAll(common);
      try (Producer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, 0, 1700000000000L, "k-0", "accepted", List.of(new RecordHeader("h", new byte[] {(byte) 0xc3, (byte) 0xab})))).get();
        producer.send(new ProducerRecord<>(topic, 0, 1700000000001L, null, "released")).get();
        producer.send(new ProducerRecord<String, String>(topic, 0, 1700000000002L, "k-2", (String) null)).get();
      }
      Properties consumerProps = new Properties();
      consumerProps.putAll(common);
      consumerProps.put("group.id", group);
      consumerProps.put("share.acknowledgement.mode", "explicit");
      try (ShareConsumer<String, String> consumer = new KafkaShareConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (got.size() < 3 && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            got.add(record);
            AcknowledgeType type = record.offset() == 0 ? AcknowledgeType.ACCEPT : record.offset() == 1 ? AcknowledgeType.RELEASE : AcknowledgeType.REJECT;
            consumer.acknowledge(record, type);
          }
          consumer.commitSync();
        }
        if (got.size() < 3) throw new IllegalStateException("fetched " + got.size() + " of 3 records");
        System.out.println(admin.describeShareGroups(List.of(group)).all().get().get(group).groupState());
      }
    }
  }
}
