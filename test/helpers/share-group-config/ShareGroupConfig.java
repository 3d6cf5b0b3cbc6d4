import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;

/** Sets configs of one share group with Kafka's own Admin (IncrementalAlterConfigs). Args: bootstrap, group, name=value... */
public class ShareGroupConfig {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    List<AlterConfigOp> ops = new ArrayList<>();
    for (String pair : Arrays.copyOfRange(args, 2, args.length)) {
      String[] parts = pair.split("=", 2);
      ops.add(new AlterConfigOp(new ConfigEntry(parts[0], parts[1]), AlterConfigOp.OpType.SET));
    }
    try (Admin admin = Admin.create(props)) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, args[1]), ops)).all().get();
    }
  }
}
