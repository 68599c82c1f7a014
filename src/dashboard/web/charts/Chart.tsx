import type { ECharts, EChartsOption } from 'echarts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { effectiveScheme, onSchemeChange } from '../colour-scheme.js';

/**
 * ECharts is most of the dashboard's script: loaded as a chunk of its own,
 * requested as the app starts, so the pages' text and tables do not wait for
 * it to be parsed.
 */
const echartsLoading = import('echarts');

/**
 * One ECharts instance on a canvas, kept for the component's life and given
 * each new option with setOption, so a live update redraws without a flash.
 * Follows the colour scheme (the system's, or the one chosen in the header) and the container's size.
 */
export function Chart({ option, height = 320, label }: { option: EChartsOption; height?: number; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const element = container.current!;
    const resize = new ResizeObserver(() => {
      if (chart.current && !chart.current.isDisposed()) chart.current.resize();
    });
    let disposed = false;
    let unsubscribe: (() => void) | undefined;
    void echartsLoading.then((echarts) => {
      if (disposed) return;
      const create = () => {
        chart.current?.dispose();
        chart.current = echarts.init(element, effectiveScheme() === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
      };
      create();
      unsubscribe = onSchemeChange(() => {
        const previous = chart.current?.getOption();
        create();
        if (previous) chart.current!.setOption(previous);
      });
      resize.observe(element);
      setReady(true);
    });
    return () => {
      disposed = true;
      unsubscribe?.();
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!ready || !current || current.isDisposed()) return;
    current.setOption({ backgroundColor: 'transparent', animation: false, ...option }, { notMerge: true });
  }, [option, ready]);
  return <div class="chart" ref={container} style={{ height: `${height}px` }} role="img" aria-label={label} />;
}
