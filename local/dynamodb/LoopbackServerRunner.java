import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local's own ServerRunner, listening on one address only. ServerRunner has no option for
 * the address and its Jetty server listens on every interface; this builds the server from the same
 * command line arguments, sets the address of its connector, then starts it.
 *
 * Run as a single source file (no build step): java -Dlocal.dynamodb.host=127.0.0.1 -cp 'libs/*'
 * LoopbackServerRunner.java -port 8000 -sharedDb -dbPath data -disableTelemetry
 */
public final class LoopbackServerRunner {
  private LoopbackServerRunner() {}

  public static void main(String[] args) throws Exception {
    String host = System.getProperty("local.dynamodb.host");
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("Set -Dlocal.dynamodb.host to the address to listen on, e.g. 127.0.0.1");
    }
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    for (Connector connector : jettyServerOf(proxy).getConnectors()) {
      ((ServerConnector) connector).setHost(host);
    }
    proxy.start();
  }

  /** DynamoDBProxyServer keeps its Jetty server private; DynamoDB Local 2.6.1 names the field `server`. */
  private static Server jettyServerOf(DynamoDBProxyServer proxy) throws IllegalAccessException {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(proxy);
    } catch (NoSuchFieldException error) {
      throw new IllegalStateException(
          "This DynamoDB Local has no DynamoDBProxyServer.server field; update local/dynamodb/LoopbackServerRunner.java for it",
          error);
    }
  }
}
