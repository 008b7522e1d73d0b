#!/usr/bin/env python3
"""Writes the benchmark's query set (kind<TAB>query per line) from a laws JSON lines corpus.

Deterministic (fixed seed), so the committed bench/queries.tsv can be regenerated and both
engines always answer exactly the same queries. Kinds:
  term      a legal term (hand list below) that appears in the corpus
  phrase    5-10 consecutive ideographs copied from a random article
  subword   2 consecutive ideographs from a random article (often inside a longer word)
  citation  a law's short name and an article number that exists, in the usual written forms
  multi     two or three terms separated by spaces
  question  a question in plain language

    python3 bench/make_queries.py [laws.jsonl] > bench/queries.tsv
"""

import json
import random
import re
import sys

SEED = 20240601

TERMS = """
清洁生产 循环经济 行政许可 行政处罚 行政复议 行政诉讼 环境影响评价 排污许可 个人信息
数据安全 网络安全 劳动合同 劳务派遣 经济补偿 试用期 社会保险 最低工资 工伤 知识产权
专利权 商标 著作权 不正当竞争 反垄断 消费者 产品质量 食品安全 药品 医疗器械 安全生产
消防 道路交通 机动车 正当防卫 诉讼时效 不可抗力 格式条款 违约金 定金 担保 抵押权
质权 留置权 继承 遗嘱 收养 监护 婚姻 离婚 抚养 赡养 物业服务 业主大会 建设用地使用权
宅基地 土地承包经营权 征收 补偿 国家赔偿 公务员 检察院 法院 仲裁 调解 听证 信息公开
预算 税收 增值税 个人所得税 关税 海关 外商投资 对外贸易 出口管制 反洗钱 证券 保险
信托 票据 破产 公司章程 股东会 董事会 监事会 合伙企业 招标投标 政府采购 审计 统计
""".split()

QUESTIONS = """
高空抛物砸伤人谁来赔偿
借钱不还怎么起诉
离婚冷静期是多少天
用人单位拖欠工资怎么办
试用期最长可以约定多久
网购商品七天无理由退货
酒后驾驶机动车如何处罚
正当防卫的条件是什么
个人信息被泄露可以要求赔偿吗
房东不退押金怎么办
公司辞退员工要给经济补偿吗
未成年人可以签订合同吗
遗嘱怎样才有效
交通事故责任如何认定
噪声污染扰民向哪个部门投诉
饲养的狗咬伤人谁负责
商品房质量问题找谁
工伤认定需要什么材料
加班费怎么计算
专利权的保护期限是多少年
商标侵权要承担什么责任
行政处罚不服可以申请复议吗
政府信息公开申请多久答复
诉讼时效期间是几年
夫妻共同债务怎么认定
农村宅基地可以买卖吗
征收土地如何补偿
食品安全事故谁来处理
消费者权益受到损害怎么投诉
劳动合同到期不续签有补偿吗
""".split()

CN = "零一二三四五六七八九"


def chinese_number(n):
    """1254 -> 一千二百五十四, as law articles are numbered."""
    if n < 10:
        return CN[n]
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out = ""
    zero = False
    for value, unit in units:
        digit = n // value % 10
        if digit:
            if zero:
                out += "零"
                zero = False
            if not (value == 10 and digit == 1 and n < 20):
                out += CN[digit]
            out += unit
        elif out:
            zero = True
    if n % 10:
        if zero:
            out += "零"
        out += CN[n % 10]
    return out


ARTICLE = re.compile(r"^第([一二三四五六七八九十百千零〇]+)条[\u3000 ]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{5,}")


def article_count(body):
    return sum(1 for line in body.split("\n") if ARTICLE.match(line))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/bench/laws.jsonl"
    laws = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    text = "\n".join(law["body"] for law in laws)
    rng = random.Random(SEED)
    queries = []
    queries += [("term", t) for t in TERMS if t in text][:60]
    runs = [run for law in laws for run in CJK_RUN.findall(law["body"])]
    for _ in range(50):
        run = rng.choice(runs)
        size = rng.randint(5, min(10, len(run)))
        start = rng.randint(0, len(run) - size)
        queries.append(("phrase", run[start : start + size]))
    for _ in range(40):
        run = rng.choice(runs)
        start = rng.randint(0, len(run) - 2)
        queries.append(("subword", run[start : start + 2]))
    in_force = [law for law in laws if law["status"] == "现行有效" and article_count(law["body"]) > 5]
    for i in range(50):
        law = rng.choice(in_force)
        short = law["title"].removeprefix("中华人民共和国")
        number = rng.randint(1, article_count(law["body"]))
        form = i % 3
        if form == 0:
            queries.append(("citation", f"《{short}》第{number}条"))
        elif form == 1:
            queries.append(("citation", f"{short}第{chinese_number(number)}条"))
        else:
            queries.append(("citation", f"{law['title']} 第{chinese_number(number)}条"))
    terms = [q for k, q in queries if k == "term"]
    for _ in range(30):
        queries.append(("multi", " ".join(rng.sample(terms, rng.choice([2, 3])))))
    queries += [("question", q) for q in QUESTIONS]
    for kind, query in queries:
        print(f"{kind}\t{query}")


if __name__ == "__main__":
    main()
