// EPUBCheck for the whole test suite in one JVM (test/helpers/epubcheck-server.ts starts it
// before the tests): a JVM start and EPUBCheck's schemas cost more than checking a small book.
// Listens on 127.0.0.1 (the port is the first line it prints); for each connection reads one
// EPUB path and answers "<fatals>\t<errors>\t<warnings>" on the first line, then the messages.
// Exits when its stdin closes: with the test run that started it, even a killed one.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class EpubcheckServer {
  public static void main(String[] args) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    System.out.println(server.getLocalPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {}
      } catch (IOException e) {
        // closed
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    while (true) {
      try (Socket socket = server.accept()) {
        serve(socket);
      } catch (IOException e) {
        e.printStackTrace();
      }
    }
  }

  static void serve(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String path = in.readLine();
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(messages, true, "UTF-8");
    PrintStream err = System.err;
    PrintStream out = System.out;
    String counts;
    System.setErr(capture);
    System.setOut(capture);
    try {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).validate();
      counts = report.getFatalErrorCount() + "\t" + report.getErrorCount() + "\t" + report.getWarningCount();
    } catch (Throwable e) {
      e.printStackTrace(capture);
      counts = "1\t0\t0";
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    OutputStream answer = socket.getOutputStream();
    answer.write((counts + "\n").getBytes(StandardCharsets.UTF_8));
    answer.write(messages.toByteArray());
    answer.flush();
  }
}
