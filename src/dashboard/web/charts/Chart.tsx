import * as echarts from 'echarts';
import { useEffect, useRef } from 'preact/hooks';

const darkScheme = () => window.matchMedia('(prefers-color-scheme: dark)').matches;

/**
 * One ECharts instance on a canvas, kept for the component's life and given
 * each new option with setOption, so a live update redraws without a flash.
 * Follows the colour scheme and the container's size.
 */
export function Chart({ option, height = 320, label }: { option: echarts.EChartsOption; height?: number; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    const element = container.current!;
    const create = () => {
      chart.current?.dispose();
      chart.current = echarts.init(element, darkScheme() ? 'dark' : undefined, { renderer: 'canvas' });
    };
    create();
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      const option = chart.current?.getOption();
      create();
      if (option) chart.current!.setOption(option);
    };
    scheme.addEventListener('change', onScheme);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(element);
    return () => {
      scheme.removeEventListener('change', onScheme);
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', animation: false, ...option }, { notMerge: true });
  }, [option]);
  return <div class="chart" ref={container} style={{ height: `${height}px` }} role="img" aria-label={label} />;
}
