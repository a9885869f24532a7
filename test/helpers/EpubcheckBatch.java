// Runs EPUBCheck on many EPUBs in one JVM (a JVM start costs more than checking a small book).
// Used by the fuzz test: java -cp /usr/share/java/epubcheck.jar EpubcheckBatch.java a.epub b.epub …
// Prints, for each file: "<path>\t<fatals>\t<errors>\t<warnings>", and the messages on stderr.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubcheckBatch {
  public static void main(String[] args) {
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).validate();
      System.out.println(path + "\t" + report.getFatalErrorCount() + "\t" + report.getErrorCount() + "\t" + report.getWarningCount());
    }
  }
}
