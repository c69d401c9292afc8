"""PyTorch peer of Pixelwise's benchmark.

The same networks as org.pixelwise.net (U-Net, ESPCN, EDSR), the same shapes, dtype (float32),
losses and optimiser (Adam), timed the same way, so that the Java benchmark can print
Pixelwise / PyTorch ratios from one run on one machine. Layers mirror UNet.java,
RestorationNet.java and SubPixel.java; weights are random, as timing does not depend on them.

Usage:
  python3 peer.py serve threads=N interop=M   read commands from stdin, one per line
  python3 peer.py FIGURE key=value ...          run one command and exit (threads= optional)

A command is FIGURE key=value ...; it prints "name value unit" lines, then "end" (or
"error ..." and "end"). FIGURE is unet_train, unet_infer, restoration_train or
restoration_infer; the Java side (org.pixelwise.bench.Figures) writes the options. Every timed
figure is the median of `repeats` runs after `warmup` runs that are not counted. Tensors are
channels_last (layout=contiguous for NCHW), which was the faster layout for these networks
with torch 1.13; inference is traced and passed through torch.jit.optimize_for_inference
(optimise=0 for eager mode).
"""

import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPSILON = 1e-3  # UNet.BATCH_NORM_EPSILON
BN_MOMENTUM = 0.1  # UNet.BATCH_NORM_MOMENTUM (the same convention in both frameworks)
ADAM_EPSILON = 1e-7  # Adam.EPSILON
RESIDUAL_SCALE = 0.1  # RestorationNet.RESIDUAL_SCALE


class ConvBnRelu(nn.Module):
    """UNet.conv3x3: a 'same' 3x3 convolution, then batch norm (or a bias) and ReLU."""

    def __init__(self, cin, cout, batch_norm, dims=2):
        super().__init__()
        conv, bn = (nn.Conv3d, nn.BatchNorm3d) if dims == 3 else (nn.Conv2d, nn.BatchNorm2d)
        self.conv = conv(cin, cout, 3, padding=1, bias=not batch_norm)
        self.bn = bn(cout, eps=BN_EPSILON, momentum=BN_MOMENTUM) if batch_norm else None

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        return F.relu(x)


class UNet(nn.Module):
    """UNet.build with transposed-convolution upsampling (the default) and no dropout; 3-D
    with dims=3, where zpool[level] says whether that level pools z as well."""

    def __init__(self, depth, filters, cin, cout, batch_norm=True, dims=2, zpool=None):
        super().__init__()
        self.dims = dims
        self.windows = [((2 if zpool[level] else 1), 2, 2) if dims == 3 else 2
                        for level in range(depth)]
        self.down = nn.ModuleList()
        channels = cin
        for level in range(depth):
            f = filters << level
            self.down.append(nn.Sequential(ConvBnRelu(channels, f, batch_norm, dims),
                                           ConvBnRelu(f, f, batch_norm, dims)))
            channels = f
        bottom = filters << depth
        self.bottom = nn.Sequential(ConvBnRelu(channels, bottom, batch_norm, dims),
                                    ConvBnRelu(bottom, bottom, batch_norm, dims))
        channels = bottom
        self.up = nn.ModuleList()
        self.up_blocks = nn.ModuleList()
        for level in reversed(range(depth)):
            f = filters << level
            # A 2x2 stride-2 transposed convolution with bias and ReLU, as UNet.upsample.
            window = self.windows[level]
            transposed = nn.ConvTranspose3d if dims == 3 else nn.ConvTranspose2d
            self.up.append(transposed(channels, f, window, stride=window))
            self.up_blocks.append(nn.Sequential(ConvBnRelu(2 * f, f, batch_norm, dims),
                                                ConvBnRelu(f, f, batch_norm, dims)))
            channels = f
        self.head = (nn.Conv3d if dims == 3 else nn.Conv2d)(channels, cout, 1)

    def forward(self, x):
        skips = []
        pool = F.max_pool3d if self.dims == 3 else F.max_pool2d
        for block, window in zip(self.down, self.windows):
            x = block(x)
            skips.append(x)
            x = pool(x, window)
        x = self.bottom(x)
        for up, block, skip in zip(self.up, self.up_blocks, reversed(skips)):
            x = block(torch.cat([skip, F.relu(up(x))], 1))
        return self.head(x)


def segmentation_loss(logits, target, weights):
    """Loss.build for one output channel: weighted sigmoid cross-entropy + soft Dice."""
    ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none").squeeze(1)
    annotated = torch.clamp((weights > 0).float().sum(), min=1.0)
    ce = (ce * weights).sum() / annotated
    p = torch.sigmoid(logits)
    w = weights.unsqueeze(1)
    dims = tuple(d for d in range(p.dim()) if d != 1)
    intersection = (w * p * target).sum(dims)
    sizes = (w * (p + target)).sum(dims)
    dice = (2 * intersection + 1) / (sizes + 1)
    return ce + (1 - dice.mean())


class SubPixel(nn.Module):
    """SubPixel.upsample: a 3x3 convolution to out * scale^2 maps and a pixel shuffle."""

    def __init__(self, cin, cout, scale):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout * scale * scale, 3, padding=1)
        self.scale = scale

    def forward(self, x):
        x = self.conv(x)
        return F.pixel_shuffle(x, self.scale) if self.scale > 1 else x


class Espcn(nn.Module):
    def __init__(self, channels, features, scale):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, features, 5, padding=2)
        self.conv2 = nn.Conv2d(features, features // 2, 3, padding=1)
        self.up = SubPixel(features // 2, channels, scale)

    def forward(self, x):
        return self.up(torch.tanh(self.conv2(torch.tanh(self.conv1(x)))))


class Edsr(nn.Module):
    def __init__(self, channels, features, blocks, scale):
        super().__init__()
        conv = lambda cin, cout: nn.Conv2d(cin, cout, 3, padding=1)
        self.head = conv(channels, features)
        self.blocks = nn.ModuleList(nn.Sequential(conv(features, features), nn.ReLU(),
                                                  conv(features, features)) for _ in range(blocks))
        self.body_end = conv(features, features)
        if scale == 4:
            self.up = nn.Sequential(SubPixel(features, features, 2),
                                    SubPixel(features, features, 2))
        elif scale > 1:
            self.up = SubPixel(features, features, scale)
        else:
            self.up = nn.Identity()
        self.tail = conv(features, channels)

    def forward(self, x):
        head = self.head(x)
        x = head
        for block in self.blocks:
            x = x + block(x) * RESIDUAL_SCALE
        return self.tail(self.up(head + self.body_end(x)))


class Restoration(nn.Module):
    """RestorationNet.build: the network, plus bicubic upsampling when it learns a residual."""

    def __init__(self, arch, channels, features, blocks, scale, residual):
        super().__init__()
        self.net = Espcn(channels, features, scale) if arch == "espcn" else Edsr(
            channels, features, blocks, scale)
        self.scale = scale
        self.residual = residual

    def forward(self, x):
        y = self.net(x)
        if self.residual and self.scale > 1:
            # align_corners=False is TensorFlow's half_pixel_centers=True.
            y = y + F.interpolate(x, scale_factor=self.scale, mode="bicubic", align_corners=False)
        return y


def layout(tensor_or_module, options):
    if options.get("layout", "channels_last") == "channels_last":
        volume = options.get("dims", "2") == "3"
        return tensor_or_module.to(
            memory_format=torch.channels_last_3d if volume else torch.channels_last)
    return tensor_or_module


def timed(run, warmup, repeats):
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def train_step(model, inputs, loss_of, options):
    """One optimisation step as TrainingGraph.train runs it: forward, loss, backward, Adam."""
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=ADAM_EPSILON)
    clip = float(options.get("clip", 0))
    model.train()

    def step():
        optimiser.zero_grad(set_to_none=True)
        loss = loss_of(model(inputs))
        loss.backward()
        if clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimiser.step()
        loss.item()

    return step


def inference(model, inputs, finish, options):
    """Eval mode, frozen and optimised for inference (conv-BN folding, oneDNN layouts).
    precision=bfloat16 runs under CPU autocast instead, eagerly: in torch 1.13 a traced model
    fails under autocast, and bfloat16 weights fail in the transposed convolutions."""
    model.eval()
    runner = model
    if options.get("precision", "float32") == "bfloat16":
        def run_bf16():
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                finish(runner(inputs).float()).contiguous().sum().item()

        return run_bf16
    if options.get("optimise", "1") == "1":
        try:
            with torch.no_grad():
                runner = torch.jit.optimize_for_inference(
                    torch.jit.trace(model, inputs, check_trace=False))
        except Exception:  # an older or leaner torch: eager mode is still a fair peer
            runner = model

    def run():
        with torch.inference_mode():
            finish(runner(inputs)).contiguous().sum().item()

    return run


def unet(options):
    torch.manual_seed(1)
    zpool = [flag == "1" for flag in options.get("zpool", "").split(",") if flag]
    model = UNet(int(options["depth"]), int(options["filters"]), int(options["in"]),
                 int(options["out"]), dims=int(options.get("dims", "2")), zpool=zpool)
    return layout(model, options)


def space(size, options):
    """The spatial shape: size x size, with zsize planes in front for volumes (dims=3)."""
    if options.get("dims", "2") == "3":
        return (int(options["zsize"]), size, size)
    return (size, size)


def images(batch, channels, size, options):
    return layout(torch.rand(batch, channels, *space(size, options)), options)


def unet_train(options):
    b, s = int(options["batch"]), int(options["size"])
    target = layout((torch.rand(b, 1, *space(s, options)) > 0.7).float(), options)
    weights = torch.ones(b, *space(s, options))
    step = train_step(unet(options), images(b, int(options["in"]), s, options),
                      lambda logits: segmentation_loss(logits, target, weights), options)
    return step, lambda seconds: (seconds, "s")


def unet_infer(options):
    b, s = int(options["batch"]), int(options["size"])
    run = inference(unet(options), images(b, int(options["in"]), s, options), torch.sigmoid,
                    options)
    if options.get("dims", "2") == "3":
        voxels = b * int(options["zsize"]) * s * s
        return run, lambda seconds: (voxels / seconds / 1e6, "MVox/s")
    return run, lambda seconds: (b * s * s / seconds / 1e6, "MPix/s")


def restoration(options):
    torch.manual_seed(1)
    model = Restoration(options["arch"], int(options["channels"]), int(options["features"]),
                        int(options["blocks"]), int(options["scale"]), options["residual"] == "1")
    return layout(model, options)


def restoration_train(options):
    b, s, c, k = (int(options[key]) for key in ("batch", "size", "channels", "scale"))
    target = layout(torch.rand(b, c, s * k, s * k), options)
    step = train_step(restoration(options), images(b, c, s, options),
                      lambda out: (out - target).abs().mean(), options)
    return step, lambda seconds: (seconds, "s")


def restoration_infer(options):
    b, s, c = int(options["batch"]), int(options["size"]), int(options["channels"])
    run = inference(restoration(options), images(b, c, s, options), lambda y: y, options)
    return run, lambda seconds: (b * s * s / seconds / 1e6, "MPix/s")


FIGURES = {"unet_train": unet_train, "unet_infer": unet_infer,
           "restoration_train": restoration_train, "restoration_infer": restoration_infer}


def parse(words):
    return dict(word.split("=", 1) for word in words)


def set_threads(options):
    if "threads" in options:
        torch.set_num_threads(int(options["threads"]))
    if "interop" in options:
        torch.set_num_interop_threads(int(options["interop"]))


# Built work by command, as Pixelwise keeps its graph between rounds: later rounds time the
# same model, optimiser state and inputs, and do not rebuild or re-trace them.
built = {}


def answer(words):
    try:
        if words[0] not in FIGURES:
            raise ValueError("unknown figure '%s'; use one of %s" % (words[0], ", ".join(FIGURES)))
        options = parse(words[1:])
        key = (words[0],) + tuple(sorted((k, v) for k, v in options.items()
                                         if k not in ("name", "warmup", "repeats")))
        if key not in built:
            built[key] = FIGURES[words[0]](options)
        run, figure = built[key]
        value, unit = figure(timed(run, int(options["warmup"]), int(options["repeats"])))
        print("%s %.6g %s" % (options["name"], value, unit))
    except Exception as e:  # report and keep serving: one failed figure must not end the run
        print("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")))
    print("end", flush=True)


def blas_gflops():
    """A 1024^2 matrix product's speed: the reference BLAS gives a few GFLOP/s."""
    a = torch.rand(1024, 1024)
    a @ a
    start = time.perf_counter()
    a @ a
    return 2 * 1024 ** 3 / (time.perf_counter() - start) / 1e9


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "serve":
        set_threads(parse(argv[1:]))
        print("torch %s, %d threads, %d inter-op, BLAS matmul %.0f GFLOP/s" % (
            torch.__version__, torch.get_num_threads(), torch.get_num_interop_threads(),
            blas_gflops()), flush=True)
        for line in sys.stdin:
            if line.strip():
                answer(line.split())
        return 0
    options = parse(argv[1:])
    set_threads(options)
    answer(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
