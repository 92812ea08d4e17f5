//! Google Cloud's billing export, as CSV and as nested JSON lines:
//! Pacific invoice months, credits as lines of their own, committed use
//! discounts, labels and tags.

mod common;

use std::collections::BTreeMap;

use cloudlens_bills::{FormatId, Header};
use cloudlens_model::{ChargeCategory, CostLine, Decimal};
use common::*;
use csv::StringRecord;
use expect_test::expect;
use serde_json::Value;

#[test]
fn gcp_standard_export_is_its_own_variant() {
    let t = Table::from_text(
        "billing_account_id,service_id,service_description,sku_id,sku_description,usage_start_time,usage_end_time,\
         project_id,labels,location_region,cost,currency,usage_amount,usage_unit,credits,invoice_month,cost_type\n\
         01A2B3-C4D5E6-F7A8B9,6F81-5844-456A,Compute Engine,CP-1,N2 Instance Core running in Americas,\
         2025-01-15T00:00:00Z,2025-01-15T01:00:00Z,p1,[],us-central1,1.5,USD,3600,seconds,[],202501,regular\n",
    );
    let m = map_table(&t).expect("maps");
    assert_eq!(m.format, FormatId::Gcp);
    assert_eq!(m.variant, "standard usage cost");
    assert_eq!(m.lines.len(), 1);
    assert_eq!(m.lines[0].billing_period_start, LA_2025_01);
    assert_eq!(m.lines[0].dims.resource_id, None);
}

fn gcp_credit_totals(t: &Table) -> Totals {
    let names = t.header.names();
    let col = |n: &str| names.iter().position(|x| x == n).expect("column");
    let mut totals = Totals::new();
    for (_, rec) in &t.records {
        let month: u32 = rec[col("invoice_month")][4..].parse().expect("month");
        let key = (
            month_start_utc(2025, month, 8),
            rec[col("currency")].to_string(),
        );
        let mut amount = dec(&rec[col("cost")]);
        if let Ok(Value::Array(credits)) = serde_json::from_str::<Value>(&rec[col("credits")]) {
            for c in credits {
                amount += dec(&c["amount"].to_string());
            }
        }
        *totals.entry(key).or_default() += amount;
    }
    totals
}

#[test]
fn gcp_detailed_export_csv() {
    let t = Table::read(GCP_CSV);
    let m = map_table(&t).unwrap_or_else(|(l, e)| panic!("line {l}: {e}"));
    let expected = gcp_credit_totals(&t);
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((LA_2025_01, "EUR".to_string()), dec("4.321")),
            ((LA_2025_01, "USD".to_string()), dec("1407.141442")),
            ((LA_2025_02, "EUR".to_string()), dec("1.05")),
            ((LA_2025_02, "USD".to_string()), dec("2.79")),
        ])
    );
    assert_eq!(m.sources.len(), 16);
    // 16 rows, and 6 non-zero credits as lines of their own.
    let credits: Vec<&CostLine> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Credit)
        .collect();
    assert_eq!(m.lines.len(), 22);
    assert_eq!(credits.len(), 6);
    for c in &credits {
        assert!(c.billed_cost < Decimal::ZERO);
        assert_eq!(c.effective_cost, c.billed_cost);
        assert_eq!(c.list_cost, c.billed_cost);
    }

    let vm = "//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012";
    let core = m.of(vm, |l| {
        l.dims.sku_id.as_deref() == Some("CP-COMPUTEENGINE-N2-CORE")
            && l.dims.charge_category == ChargeCategory::Usage
            && l.charge_period_start == 1_736_899_200
    });
    // Units in FOCUS UnitFormat.
    // Resource labels win over the project's; resource manager tags and
    // project labels are inherited.
    check(
        core,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=N2 Instance Core running in Americas
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-15T00:00:00+00:00..2025-01-15T01:00:00+00:00
            cost: billed=0.127484 | effective=0.127484 | list=0.127484 | contracted=0.127484
            pricing: category=Standard | quantity=4.0 | unit=Hours | currency=USD | contracted_price=0.031871
            consumed: quantity=14400.0 | unit=Seconds
            sku: id=CP-COMPUTEENGINE-N2-CORE | meter=N2 Instance Core running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            resource: id=//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012 | name=web-prod-01 | type=compute.googleapis.com/instances
            tags: cost-center=cc-100 | env=prod | environment=production | team=platform
            extras: x_CostType=regular | x_Country=US | x_Credits=[{"name":"Sustained usage discount","amount":-0.025497,"full_name":null,"id":"","type":"SUSTAINED_USAGE_DISCOUNT"}] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_PricePricingUnitQuantity=1.0 | x_PriceTierStartAmount=0.0 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[{"key":"compute.googleapis.com/machine_spec","value":"n2-standard-4"},{"key":"compute.googleapis.com/cores","value":"4"}] | x_TransactionType=GOOGLE
            row: 2
        "#]],
    );
    let sud = credits
        .iter()
        .find(|c| c.provenance == core.provenance)
        .expect("the row's credit line");
    check(
        sud,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Credit | frequency=UsageBased | description=Sustained usage discount
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-15T00:00:00+00:00..2025-01-15T01:00:00+00:00
            cost: billed=-0.025497 | effective=-0.025497 | list=-0.025497 | contracted=-0.025497
            pricing: currency=USD
            sku: id=CP-COMPUTEENGINE-N2-CORE | meter=N2 Instance Core running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            resource: id=//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012 | name=web-prod-01 | type=compute.googleapis.com/instances
            tags: cost-center=cc-100 | env=prod | environment=production | team=platform
            extras: x_CreditName=Sustained usage discount | x_CreditType=SUSTAINED_USAGE_DISCOUNT
            row: 2
        "#]],
    );
    assert_eq!(sud.dims.resource_id, core.dims.resource_id);

    // A committed use discount makes the usage Committed, with its commitment.
    let ram = m.of(vm, |l| {
        l.dims.sku_id.as_deref() == Some("CP-COMPUTEENGINE-N2-RAM")
            && l.dims.charge_category == ChargeCategory::Usage
    });
    let commitment = "projects/cloudlens-prod/regions/us-central1/commitments/cud-1y-cpu";
    assert_eq!(ram.dims.commitment_discount_id.as_deref(), Some(commitment));
    check(
        ram,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=N2 Instance Ram running in Americas
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-15T00:00:00+00:00..2025-01-15T01:00:00+00:00
            cost: billed=0.068384 | effective=0.068384 | list=0.068384 | contracted=0.068384
            pricing: category=Committed | quantity=16.0 | unit=GiB-Hours | currency=USD | contracted_price=0.004274
            consumed: quantity=549755813888000.0 | unit=B-Seconds
            sku: id=CP-COMPUTEENGINE-N2-RAM | meter=N2 Instance Ram running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            resource: id=//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012 | name=web-prod-01 | type=compute.googleapis.com/instances
            commitment: id=projects/cloudlens-prod/regions/us-central1/commitments/cud-1y-cpu | category=Usage | type=Committed Use Discount | status=Used
            tags: cost-center=cc-100 | env=prod | environment=production | team=platform
            extras: x_CostType=regular | x_Country=US | x_Credits=[{"name":"Committed use discount: CPU","amount":-0.04103,"full_name":"Committed use discount: CPU in us-central1","id":"projects/cloudlens-prod/regions/us-central1/commitments/cud-1y-cpu","type":"COMMITTED_USAGE_DISCOUNT"}] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_PricePricingUnitQuantity=1.0 | x_PriceTierStartAmount=0.0 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[{"key":"compute.googleapis.com/machine_spec","value":"n2-standard-4"},{"key":"compute.googleapis.com/cores","value":"4"}] | x_TransactionType=GOOGLE
            row: 3
        "#]],
    );
    let fee = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Purchase)
        .expect("the commitment fee");
    check(
        fee,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=Commitment v1: Cpu in us-central1 for 1 Year
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-15T00:00:00+00:00..2025-01-16T00:00:00+00:00
            cost: billed=50.0 | effective=50.0 | list=50.0 | contracted=50.0
            pricing: category=Standard | quantity=24.0 | unit=Hours | currency=USD
            sku: id=CP-COMMITMENT-CPU-1Y | meter=Commitment v1: Cpu in us-central1 for 1 Year
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            commitment: id=a1b2c3d4-1111-2222-3333-444455556666 | category=Usage | type=Committed Use Discount
            tags: cost-center=cc-100 | env=production
            extras: x_CostType=regular | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 4
        "#]],
    );

    // Usage on 2025-02-01 05:00 UTC is still January in Los Angeles.
    let late = m.of(vm, |l| l.charge_period_start == 1_738_386_000);
    check(
        late,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=N2 Instance Core running in Americas
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-02-01T05:00:00+00:00..2025-02-01T06:00:00+00:00
            cost: billed=0.75 | effective=0.75 | list=0.75 | contracted=0.75
            pricing: category=Standard | quantity=1.0 | unit=Hours | currency=USD
            consumed: quantity=3600.0 | unit=Seconds
            sku: id=CP-COMPUTEENGINE-N2-CORE | meter=N2 Instance Core running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            resource: id=//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012 | name=web-prod-01 | type=compute.googleapis.com/instances
            tags: cost-center=cc-100 | env=prod | team=platform
            extras: x_CostType=regular | x_Country=US | x_Credits=[{"name":"Sustained usage discount","amount":-0.15,"full_name":null,"id":null,"type":"SUSTAINED_USAGE_DISCOUNT"}] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 15
        "#]],
    );

    let egress = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Networking")
        .expect("egress");
    check(
        egress,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Networking | category=Networking | subcategory=Network Infrastructure
            charge: category=Usage | frequency=UsageBased | description=Network Internet Data Transfer Out from Americas to China
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-22T00:00:00+00:00..2025-01-23T00:00:00+00:00
            cost: billed=1234.56 | effective=1234.56 | list=1234.56 | contracted=1234.56
            pricing: category=Standard | quantity=5000.0 | unit=GiB | currency=USD
            consumed: quantity=5368709100000.0 | unit=B
            sku: id=9DE9-9092-B3BC | meter=Network Internet Data Transfer Out from Americas to China
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            tags: cost-center=cc-100 | env=prod | team=platform
            extras: x_CostType=regular | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_ProjectNumber=123456789012 | x_ServiceId=E505-1604-58F8 | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 7
        "#]],
    );
    let bucket = m.of(
        "//storage.googleapis.com/projects/_/buckets/cloudlens-assets",
        |_| true,
    );
    check(
        bucket,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Cloud Storage | category=Storage | subcategory=Object Storage
            charge: category=Usage | frequency=UsageBased | description=Standard Storage US Multi-region
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-20T00:00:00+00:00..2025-01-21T00:00:00+00:00
            cost: billed=0.52 | effective=0.52 | list=0.52 | contracted=0.52
            pricing: category=Standard | quantity=26.0 | unit=GiB-Months | currency=USD
            consumed: quantity=200000000000000.0 | unit=B-Seconds
            sku: id=E5F0-6A5D-7BAD | meter=Standard Storage US Multi-region
            region: id=us | name=United States
            resource: id=//storage.googleapis.com/projects/_/buckets/cloudlens-assets | type=storage.googleapis.com/buckets
            tags: cost-center=cc-100 | env=production
            extras: x_CostType=regular | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us | x_ProjectNumber=123456789012 | x_ServiceId=95FF-2EF5-5EA1 | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 5
        "#]],
    );

    let tax = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Tax)
        .expect("tax");
    check(
        tax,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            service: name=Invoice | category=Other | subcategory=Other (Other)
            charge: category=Tax | frequency=Recurring | description=Tax
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00
            cost: billed=25.3 | effective=25.3 | list=25.3 | contracted=25.3
            pricing: currency=USD
            extras: x_CostType=tax | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 8
        "#]],
    );
    let adjustments: Vec<&CostLine> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .collect();
    assert_eq!(adjustments.len(), 2, "adjustment and rounding_error");
    let outage = adjustments
        .iter()
        .find(|l| l.billed_cost == dec("-5"))
        .expect("outage credit");
    check(
        outage,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Adjustment | class=Correction | frequency=OneTime | description=N2 Instance Core running in Americas
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-12T00:00:00+00:00..2025-01-13T00:00:00+00:00
            cost: billed=-5.0 | effective=-5.0 | list=-5.0 | contracted=-5.0
            pricing: currency=USD
            sku: id=CP-COMPUTEENGINE-N2-CORE | meter=N2 Instance Core running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-a
            tags: cost-center=cc-100 | env=production
            extras: x_AdjustmentDescription=Credit for outage,
            on 2025-01-12 | x_AdjustmentId=adj-20250120-001 | x_AdjustmentMode=MANUAL_ADJUSTMENT | x_AdjustmentType=GENERAL_CREDIT | x_CostType=adjustment | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 9
        "#]],
    );
    assert!(adjustments.iter().any(|l| l.billed_cost == dec("0.000001")));

    let partner = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Example Partner SaaS")
        .expect("marketplace");
    check(
        partner,
        expect![[r#"
            provider: name=Google Cloud | publisher=Example Partner Inc. | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Example Partner SaaS | category=Other | subcategory=Other (Other)
            charge: category=Usage | frequency=UsageBased | description=Enterprise plan, monthly
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00
            cost: billed=99.0 | effective=99.0 | list=99.0 | contracted=99.0
            pricing: category=Standard | quantity=1.0 | unit=Months | currency=USD
            consumed: quantity=1.0 | unit=Months
            sku: id=AAAA-BBBB-CCCC | meter=Enterprise plan, monthly
            region: id=global | name=Global
            tags: cost-center=cc-100 | env=production
            extras: x_CostType=regular | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=PARTNER | x_Location=global | x_ProjectNumber=123456789012 | x_SellerName=Example Partner Inc. | x_ServiceId=A1B2-C3D4-E5F6 | x_SystemLabels=[] | x_TransactionType=THIRD_PARTY_RESELLER
            row: 14
        "#]],
    );
    let spot = m
        .lines
        .iter()
        .find(|l| l.dims.resource_name.as_deref() == Some("batch-spot-7"))
        .expect("spot");
    check(
        spot,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=01A2B3-C4D5E6-F7A8B9 | type=Billing Account | currency=USD
            sub_account: id=cloudlens-prod | name=CloudLens Prod | type=Project
            service: name=Compute Engine | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Spot Preemptible N2 Instance Core running in Americas
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-25T03:00:00+00:00..2025-01-25T04:00:00+00:00
            cost: billed=0.0321 | effective=0.0321 | list=0.0321 | contracted=0.0321
            pricing: category=Dynamic | quantity=1.0 | unit=Hours | currency=USD
            consumed: quantity=3600.0 | unit=Seconds
            sku: id=CP-COMPUTEENGINE-N2-SPOT-CORE | meter=Spot Preemptible N2 Instance Core running in Americas
            region: id=us-central1 | name=Iowa | zone=us-central1-b
            resource: id=//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-b/instances/1111222233334444555 | name=batch-spot-7 | type=compute.googleapis.com/instances
            tags: cost-center=cc-100 | env=production | team=batch
            extras: x_CostType=regular | x_Country=US | x_Credits=[] | x_CurrencyConversionRate=1.0 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=us-central1 | x_ProjectNumber=123456789012 | x_ServiceId=6F81-5844-456A | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 12
        "#]],
    );
    let sql = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Cloud SQL")
        .expect("sql");
    check(
        sql,
        expect![[r#"
            provider: name=Google Cloud | publisher=Google Cloud | issuer=Google Cloud
            account: id=0F1E2D-3C4B5A-697887 | type=Billing Account | currency=EUR
            sub_account: id=eu-shop-4711 | name=EU Shop | type=Project
            service: name=Cloud SQL | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=Cloud SQL for PostgreSQL: Zonal - vCPU in europe-west1
            periods: billing=2025-01-01T08:00:00+00:00..2025-02-01T08:00:00+00:00 | charge=2025-01-18T00:00:00+00:00..2025-01-18T01:00:00+00:00
            cost: billed=4.321 | effective=4.321 | list=4.321 | contracted=4.321
            pricing: category=Standard | quantity=4.0 | unit=Hours | currency=EUR
            consumed: quantity=14400.0 | unit=Seconds
            sku: id=D3E1-8A0B-7C2F | meter=Cloud SQL for PostgreSQL: Zonal - vCPU in europe-west1
            region: id=europe-west1 | name=Belgium | zone=europe-west1-b
            resource: id=//cloudsql.googleapis.com/projects/eu-shop-4711/instances/shop-db | name=shop-db | type=cloudsql.googleapis.com/instances
            tags: app=shop | env=prod
            extras: x_CostType=regular | x_Country=BE | x_Credits=[] | x_CurrencyConversionRate=0.9612 | x_ExportTime=2025-02-03 07:12:45.123456 UTC | x_InvoicePublisherType=GOOGLE | x_Location=europe-west1 | x_ProjectNumber=210987654321 | x_ServiceId=9662-B51E-5089 | x_SystemLabels=[] | x_TransactionType=GOOGLE
            row: 17
        "#]],
    );
}

/// Flattens a nested JSON object the way the JSON source does: nested
/// objects join their keys with `_`, arrays become JSON text cells.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    if let Value::Object(map) = v {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}_{k}")
            };
            match v {
                Value::Object(_) => flatten(&key, v, out),
                Value::Null => out.push((key, String::new())),
                Value::String(s) => out.push((key, s.clone())),
                other => out.push((key, other.to_string())),
            }
        }
    }
}

#[test]
fn gcp_nested_json_lines_flattened_map_like_the_csv() {
    let text = fixture_text(GCP_JSONL);
    let mut header = None;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert!(
            v["service"]["description"].is_string(),
            "nested objects as BigQuery exports them"
        );
        let mut cells = Vec::new();
        flatten("", &v, &mut cells);
        let names: Vec<String> = cells.iter().map(|(k, _)| k.clone()).collect();
        let h = header.get_or_insert_with(|| Header::new(&names));
        assert_eq!(h.names(), names.as_slice());
        records.push((
            i as u64 + 1,
            StringRecord::from(cells.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
        ));
    }
    let t = Table {
        header: header.expect("lines"),
        records,
    };
    let json = map_table(&t).unwrap_or_else(|(l, e)| panic!("line {l}: {e}"));
    let csv = run(GCP_CSV);
    assert_eq!(json.format, FormatId::Gcp);
    assert_eq!(json.variant, "detailed usage cost");
    assert_eq!(json.lines.len(), csv.lines.len());
    assert_eq!(
        totals(&json, |l| l.billed_cost),
        totals(&csv, |l| l.billed_cost)
    );
    assert_eq!(source_totals(&json), source_totals(&csv));
    let tags = |m: &Mapped| {
        m.lines
            .iter()
            .map(|l| l.dims.tags.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(tags(&json), tags(&csv));
}
