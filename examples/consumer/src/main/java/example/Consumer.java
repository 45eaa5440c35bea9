package example;

import io.github.invertible.api.InvertibleNetwork;
import io.github.invertible.data.ImageDataset;
import java.nio.file.Path;

public class Consumer {
    public static void main(String[] args) {
        var net = InvertibleNetwork.load(Path.of(args[0]));                 // a shipped model zip
        var digit = ImageDataset.load(Path.of(args[1])).test().head(1).toDataSet(true).getFeatures();
        var recovered = net.recover(digit);          // hidden representation -> pixels, with a certificate
        System.out.printf("digit %d recovered from '%s': certified %s, relative pixel error %.1e%n",
                net.predict(digit)[0], net.hiddenLayer(), recovered.certified(0), recovered.pixelError()[0]);
    }
}
