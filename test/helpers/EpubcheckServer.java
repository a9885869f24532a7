// EPUBCheck for the whole test suite in one JVM (test/helpers/epubcheck-server.ts starts it
// before the tests): a JVM start and EPUBCheck's schemas cost more than checking a small book.
// Listens on 127.0.0.1 (the port is the first line it prints); for each connection reads one
// EPUB path and answers "<fatals>\t<errors>\t<warnings>" on the first line, then the messages.
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
    PrintStream err = System.err;
    PrintStream out0 = System.out;
    while (true) {
      try (Socket socket = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String path = in.readLine();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(messages, true, "UTF-8");
        System.setErr(capture);
        System.setOut(capture);
        String counts;
        try {
          DefaultReportImpl report = new DefaultReportImpl(path);
          new EpubCheck(new File(path), report).validate();
          counts = report.getFatalErrorCount() + "\t" + report.getErrorCount() + "\t" + report.getWarningCount();
        } catch (Throwable e) {
          e.printStackTrace(capture);
          counts = "1\t0\t0";
        } finally {
          System.setErr(err);
          System.setOut(out0);
        }
        OutputStream out = socket.getOutputStream();
        out.write((counts + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(messages.toByteArray());
        out.flush();
      }
    }
  }
}
